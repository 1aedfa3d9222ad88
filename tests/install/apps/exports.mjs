// Imports every installed @sessionguard package by name and prints the names each exports.
const names = process.argv.slice(2);
const exported = {};
for (const name of names) exported[name] = Object.keys(await import(name)).sort();
console.log(JSON.stringify(exported));
