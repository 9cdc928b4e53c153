// Why: the Huber fit takes a MAD every IRLS iteration; an O(n) selection keeps 100k-row fits cheap where a
// full sort per iteration would dominate. Matches numpy.median (mean of the two middle values for even n).

/** k-th smallest (0-based) of a[lo..hi] by in-place Hoare quickselect with median-of-three pivots. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as pivot
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Median of `values`; reorders the array in place (pass a scratch copy). NaN for an empty array. */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return NaN;
  const h = n >>> 1;
  const upper = select(values, h);
  if (n % 2 === 1) return upper;
  // after select, a[0..h-1] ≤ a[h]; the lower middle is their maximum
  let lower = -Infinity;
  for (let i = 0; i < h; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}
