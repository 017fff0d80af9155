/** Every schema with an `$id`, for registration with the server and the spec emitters. */
import * as broker from './schemas-broker.ts';
import * as common from './schemas-common.ts';
import * as datafeed from './schemas-datafeed.ts';

export const ALL_SCHEMAS = [
  common.ErrorResponseSchema,
  common.SuccessResponseSchema,
  common.HealthSchema,
  common.VersionsSchema,
  broker.PreOrderSchema,
  broker.OrderSchema,
  broker.PlaceOrderResultSchema,
  broker.ModifyOrderSchema,
  broker.CancelOrdersSchema,
  broker.CancelOrdersResultSchema,
  broker.OrderPreviewSchema,
  broker.PositionSchema,
  broker.ClosePositionSchema,
  broker.PositionBracketsSchema,
  broker.ExecutionSchema,
  broker.AccountInfoSchema,
  broker.AccountSchema,
  broker.EquityDataSchema,
  broker.BrokerConnectionStatusSchema,
  broker.BrokerConfigSchema,
  broker.LeverageSetSchema,
  broker.LeverageInfoSchema,
  datafeed.BarSchema,
  datafeed.QuoteValuesSchema,
  datafeed.QuoteDataSchema,
  datafeed.SymbolInfoSchema,
  datafeed.SearchResultSchema,
  datafeed.HistorySchema,
  datafeed.DatafeedConfigSchema,
] as const;
