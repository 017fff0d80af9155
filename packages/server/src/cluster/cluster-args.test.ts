import { describe, expect, it } from 'vitest';
import { ClusterUsageError, parseClusterArgs, parseLayout } from './cluster-args.ts';

describe('trading-pro cluster arguments', () => {
  it('reads the process count, the public port and the configuration file', () => {
    expect(parseClusterArgs(['--processes', '3', '--port', '8000', '--config', 'prod.yaml'])).toEqual({ processes: 3, port: 8000, config: 'prod.yaml', help: false });
  });

  it('runs two processes when no count is given', () => {
    expect(parseClusterArgs(['--port', '9000']).processes).toBe(2);
  });

  it('takes the count from the layout', () => {
    const args = parseClusterArgs(['--port', '8000', '--layout', 'broker+datafeed:2,datafeed']);
    expect(args.processes).toBe(3);
    expect(args.layout).toEqual([
      { modules: ['broker', 'datafeed'], count: 2 },
      { modules: ['datafeed'], count: 1 },
    ]);
  });

  it.each([
    [['--processes', '2'], /--port is required/],
    [['--port', '8000', '--processes', '0'], /--processes must be a whole number from 1 to 64, got "0"/],
    [['--port', '8000', '--processes', '2.5'], /--processes must be a whole number/],
    [['--port', '8000', '--processes', '65'], /--processes must be a whole number from 1 to 64/],
    [['--port', 'http', '--processes', '2'], /--port must be a whole number/],
    // The processes take the ports after P, so P + N must be a port.
    [['--port', '65534', '--processes', '2'], /--port must be a whole number from 1 to 65533/],
    [['--port', '8000', '--prcesses', '2'], /Unknown option '--prcesses'/],
    [['--port', '8000', 'extra'], /Unexpected argument 'extra'/],
    [['--port', '8000', '--processes', '2', '--layout', 'broker:3'], /--processes 2 does not match --layout, which has 3/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseClusterArgs(argv)).toThrow(ClusterUsageError);
    expect(() => parseClusterArgs(argv)).toThrow(message);
  });

  it('asks for help without needing a port', () => {
    expect(parseClusterArgs(['--help']).help).toBe(true);
  });
});

describe('the module layout', () => {
  it('reads groups of modules with a count', () => {
    expect(parseLayout('broker:1,datafeed:4')).toEqual([
      { modules: ['broker'], count: 1 },
      { modules: ['datafeed'], count: 4 },
    ]);
  });

  it.each([
    ['broker,,datafeed', /empty group/],
    ['brokr:2', /unknown module "brokr"; known: broker, datafeed/],
    ['broker+broker', /names a module twice/],
    ['broker:2:3', /write modules:count/],
    ['datafeed:0', /whole number from 1/],
  ])('refuses %s', (spec, message) => {
    expect(() => parseLayout(spec)).toThrow(message);
  });
});
