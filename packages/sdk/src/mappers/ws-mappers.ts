/** WebSocket update decoders: each route's payload (a generated backend type) → the SDK's type. */
import type { components } from '../generated/openapi.ts';
import type { StreamRouteData, StreamRoute } from '../ws/routes.ts';
import { mapBrokerConnectionStatus, mapEquityData, mapExecution, mapOrder, mapPosition } from './broker-mappers.ts';
import { mapBar, mapQuoteData } from './datafeed-mappers.ts';

type Schemas = components['schemas'];
type Order_Ws_Backend = Schemas['Order'];
type Position_Ws_Backend = Schemas['Position'];
type Execution_Ws_Backend = Schemas['Execution'];
type EquityData_Ws_Backend = Schemas['EquityData'];
type BrokerConnectionStatus_Ws_Backend = Schemas['BrokerConnectionStatus'];
type Bar_Ws_Backend = Schemas['Bar'];
type QuoteData_Ws_Backend = Schemas['QuoteData'];

type Decoders = { readonly [R in StreamRoute]: (data: unknown) => StreamRouteData[R] };

// The JSON edge: the gateway sends each route's documented payload (AsyncAPI), so the casts name that type.
const DECODERS: Decoders = {
  orders: (data) => mapOrder(data as Order_Ws_Backend),
  positions: (data) => mapPosition(data as Position_Ws_Backend),
  executions: (data) => mapExecution(data as Execution_Ws_Backend),
  equity: (data) => mapEquityData(data as EquityData_Ws_Backend),
  'broker-connection': (data) => mapBrokerConnectionStatus(data as BrokerConnectionStatus_Ws_Backend),
  bars: (data) => mapBar(data as Bar_Ws_Backend),
  quotes: (data) => mapQuoteData(data as QuoteData_Ws_Backend),
};

export function decodeUpdate<R extends StreamRoute>(route: R, data: unknown): StreamRouteData[R] {
  return DECODERS[route](data);
}
