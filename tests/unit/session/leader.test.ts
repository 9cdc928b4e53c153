import { describe, expect, it } from 'vitest';
import { createLeaderElection, type LeaderState } from '../../../src/session/leader';
import { FakeLockManager } from './fakeLocks';

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function tab(locks: FakeLockManager) {
  const handle = locks.tab();
  const states: LeaderState[] = [];
  const election = createLeaderElection({ locks: handle, name: 'live', onChange: (s) => states.push(s) });
  return { handle, election, states };
}

describe('leader election between tabs', () => {
  it('makes the first tab the leader and the second a follower', async () => {
    const locks = new FakeLockManager();
    const a = tab(locks);
    await settle();
    const b = tab(locks);
    await settle();
    expect(a.election.state()).toBe('leader');
    expect(b.election.state()).toBe('follower');
  });

  it('hands the lead to the waiting tab when the leader tab closes or crashes', async () => {
    const locks = new FakeLockManager();
    const a = tab(locks);
    await settle();
    const b = tab(locks);
    await settle();
    a.handle.crash();
    await settle();
    expect(b.election.state()).toBe('leader');
  });

  it('takes over on "use here" and the old leader steps down and waits behind it', async () => {
    const locks = new FakeLockManager();
    const a = tab(locks);
    await settle();
    const b = tab(locks);
    await settle();
    b.election.takeOver();
    await settle();
    expect(b.election.state()).toBe('leader');
    expect(a.election.state()).toBe('follower');
    expect(a.states).toEqual(['leader', 'follower']);
    // When the new leader stops, the old one gets the lead back from the queue.
    b.election.stop();
    await settle();
    expect(a.election.state()).toBe('leader');
  });

  it('never reports leadership after stop', async () => {
    const locks = new FakeLockManager();
    const a = tab(locks);
    await settle();
    const b = tab(locks);
    await settle();
    b.election.stop();
    a.election.stop();
    await settle();
    expect(b.election.state()).toBe('stopped');
    expect(b.states).toEqual(['follower']);
  });
});
