// examples/integrations/pfsense.ts against the real mock, with a command runner that records
// what would run on the firewall instead of opening an SSH connection.
import { isIP } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockCommands,
  streamToPfSense,
  type CommandRunner,
} from '../../examples/integrations/pfsense.js';
import {
  allThreats,
  duplicates,
  freshWindow,
  startMock,
  waitFor,
  type RunningMock,
} from './support.js';

const ADDRESS = String.raw`'([0-9a-fA-F:.]+)'`;
const COMMAND_SHAPES = [
  new RegExp(`^echo ${ADDRESS} >> '/var/db/pfblockerng/cyberfortress\\.txt'$`),
  new RegExp(`^pfctl -t 'pfBlockerNG' -T add ${ADDRESS}$`),
  new RegExp(`^logger 'CyberFortress blocked ([0-9a-fA-F:.]+): (LOW|MEDIUM|HIGH|CRITICAL)'$`),
];

/** A runner that keeps each address's commands, checking their shape as the firewall would run them. */
function recorder(): { run: CommandRunner; blocked: { ip: string; reason: string }[] } {
  const blocked: { ip: string; reason: string }[] = [];
  return {
    blocked,
    run: async (commands) => {
      expect(commands).toHaveLength(3);
      const matches = commands.map((command, i) => COMMAND_SHAPES[i]!.exec(command));
      expect(matches.every(Boolean)).toBe(true);
      const ips = matches.map((match) => match![1]!);
      // The same, valid address in all three.
      expect(new Set(ips).size).toBe(1);
      expect(isIP(ips[0]!)).not.toBe(0);
      blocked.push({ ip: ips[0]!, reason: matches[2]![2]! });
    },
  };
}

let running: RunningMock;
beforeAll(async () => {
  running = await startMock();
});

afterAll(async () => {
  await running.close();
});

describe('examples/integrations/pfsense', () => {
  it('blocks each address of a threat scoring above 80 once, with the reference commands', async () => {
    const { run, blocked } = recorder();
    const client = running.client();
    const from = await freshWindow(running.origin);
    const forwarding = await streamToPfSense(client, { run });

    try {
      await running.inject({ threat_score: 95, ip_address: '198.51.100.7' });
      await running.inject({ threat_score: 80, ip_address: '198.51.100.8' });
      await running.inject({ threat_score: 45 });
      // A second threat from an address already blocked is not blocked again.
      await running.inject({ threat_score: 88, ip_address: '198.51.100.7' });
      await running.inject({ threat_score: 81, ip_address: '2001:db8::bad:1' });
      await running.inject({ threat_score: 99, ip_address: '203.0.113.250' });
      await waitFor(() => blocked.length === 3, 5_000, 'three blocked addresses');
      await forwarding.idle();

      const held = await allThreats(client, { from });
      expect(held).toHaveLength(6);
      const expected = new Set(
        held.filter((threat) => threat.threatScore > 80).map((threat) => threat.ipAddress),
      );
      expect(duplicates(blocked.map((item) => item.ip))).toEqual([]);
      expect(new Set(blocked.map((item) => item.ip))).toEqual(expected);
      expect(blocked).toContainEqual({ ip: '2001:db8::bad:1', reason: 'CRITICAL' });
      expect(blocked.map((item) => item.ip)).not.toContain('198.51.100.8');
    } finally {
      forwarding.stop();
    }
  });

  it('goes on with the next threat after a failed block, and reports the failure', async () => {
    const errors: unknown[] = [];
    const { run: record, blocked } = recorder();
    let calls = 0;
    const flaky: CommandRunner = async (commands) => {
      calls += 1;
      if (calls === 1) throw new Error('ssh pfsense.local failed: Connection refused');
      await record(commands);
    };
    const client = running.client();
    const forwarding = await streamToPfSense(client, {
      run: flaky,
      onError: (error) => errors.push(error),
    });

    try {
      await running.inject({ threat_score: 91, ip_address: '192.0.2.10' });
      await running.inject({ threat_score: 92, ip_address: '192.0.2.11' });
      await waitFor(() => blocked.length === 1, 5_000, 'the second block');
      await forwarding.idle();
      expect(blocked).toEqual([{ ip: '192.0.2.11', reason: 'CRITICAL' }]);
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toContain('Connection refused');
    } finally {
      forwarding.stop();
    }
  });

  it('refuses to build commands for anything but an IP address', () => {
    expect(() => blockCommands('203.0.113.9; rm -rf /', 'HIGH')).toThrow(TypeError);
    expect(() => blockCommands('$(reboot)', 'HIGH')).toThrow(TypeError);
    expect(blockCommands('203.0.113.9', "it's bad", { table: 'cf_block' })).toEqual([
      "echo '203.0.113.9' >> '/var/db/pfblockerng/cyberfortress.txt'",
      "pfctl -t 'cf_block' -T add '203.0.113.9'",
      `logger 'CyberFortress blocked 203.0.113.9: it'\\''s bad'`,
    ]);
  });
});
