/**
 * Indices of the points to draw when a series has more than `maxPoints`: the series is cut into
 * buckets and each bucket keeps its lowest and highest point (in time order), so peaks, troughs and the
 * depth of a drawdown survive; the first and last points are always kept. Returns every index when the
 * series is small enough. For display only, never for statistics.
 */
export function downsampleMinMax(values: Float64Array, length: number, maxPoints: number): Uint32Array {
  if (length <= maxPoints || maxPoints < 4) {
    const all = new Uint32Array(length);
    for (let i = 0; i < length; i++) all[i] = i;
    return all;
  }
  const buckets = Math.floor((maxPoints - 2) / 2);
  const inner = length - 2;
  const picked = new Uint32Array(buckets * 2 + 2);
  let count = 0;
  picked[count++] = 0;
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (to <= from) continue;
    let minIndex = from;
    let maxIndex = from;
    for (let i = from + 1; i < to; i++) {
      const value = values[i]!;
      if (value < values[minIndex]!) minIndex = i;
      if (value > values[maxIndex]!) maxIndex = i;
    }
    const first = Math.min(minIndex, maxIndex);
    const second = Math.max(minIndex, maxIndex);
    picked[count++] = first;
    if (second !== first) picked[count++] = second;
  }
  picked[count++] = length - 1;
  return picked.slice(0, count);
}
