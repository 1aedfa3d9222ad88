// The tests package installs Express 4 under the alias `express4`; its API is typed like Express 5's.
declare module 'express4' {
  import express from 'express';
  export default express;
}
