import { LOG_FLOOR_FRACTION, atFloor, floorTicks, flooredLogScale, logFloor } from '../src/log-floor';

describe('the log-floor rule', () => {
  it('raises the floor to 1e-4 Var(y) when the data go below it, and keeps the data minimum otherwise', () => {
    expect(LOG_FLOOR_FRACTION).toBe(1e-4);
    // a pruning curve whose first cutoffs remove almost nothing (1e-18) next to a transition up to 3
    expect(logFloor([1e-18, 2e-9, 0.004, 0.3, 3], 4.16)).toBeCloseTo(4.16e-4, 12);
    expect(logFloor([0.002, 0.3, 3], 4.16)).toBe(0.002);
    // zeros and non-finite values are not data for a log axis
    expect(logFloor([0, NaN, 0.01, 1], 1)).toBe(0.01);
    expect(logFloor([0, NaN, 1e-6, 1], 1)).toBe(1e-4);
    expect(logFloor([0, -1], 1)).toBeUndefined();
    // everything below the variance floor: the data's own minimum (nothing to make room for)
    expect(logFloor([1e-9, 1e-7], 1)).toBe(1e-9);
  });

  it('draws values below the floor on it, flagged', () => {
    expect(atFloor(1e-18, 1e-4)).toEqual({ value: 1e-4, clipped: true });
    expect(atFloor(0, 1e-4)).toEqual({ value: 1e-4, clipped: true });
    expect(atFloor(0.5, 1e-4)).toEqual({ value: 0.5, clipped: false });
  });

  it('gives a scale starting exactly at the floor, ticked at the floor and the decades above it', () => {
    expect(flooredLogScale(4e-4, [0.01, 2])).toEqual({ type: 'log', domain: [4e-4, 3], nice: false });
    expect(floorTicks(4e-4, 3)).toEqual([4e-4, 0.001, 0.01, 0.1, 1]);
    expect(floorTicks(6e-4, 3)).toEqual([6e-4, 0.01, 0.1, 1]);
    expect(floorTicks(1e-4, 10)).toEqual([1e-4, 1e-3, 1e-2, 0.1, 1, 10]);
    expect(floorTicks(3e-4, 0.05)).toEqual([3e-4, 0.001, 0.01]);
  });
});
