/**
 * The miss half of a WeakMap memo, `map.get(key) ?? remember(map, key, build())`: stores the value
 * built and returns it. `??` builds only on a miss, and no closure is made per call.
 */
export function remember<K extends object, V>(map: WeakMap<K, V>, key: K, value: V): V {
  map.set(key, value);
  return value;
}
