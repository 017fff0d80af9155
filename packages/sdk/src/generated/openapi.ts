/** Generated from specs/openapi.json by packages/sdk/scripts/generate.ts (openapi-typescript). Do not edit: run `npm run specs`. Only src/mappers/ may import it. */
export interface paths {
    "/api/v1/broker/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Balances, equity, P&L, margin and buying power */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The credential's accounts */
        get: operations["getAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Capability flags of the account's broker */
        get: operations["getBrokerConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/executions/{symbol}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Executions of one symbol, newest first, paged (X-Next-Cursor); 404 for a symbol the server does not know */
        get: operations["getExecutions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/leverage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Leverage of a symbol and its bounds */
        get: operations["getLeverage"];
        /** Set the leverage of a symbol (422 when margin would exceed equity) */
        put: operations["setLeverage"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's orders, newest first, paged (X-Next-Cursor) */
        get: operations["getOrders"];
        put?: never;
        /** Place an order */
        post: operations["placeOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/orders/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One order */
        get: operations["getOrder"];
        /** Modify a working order */
        put: operations["modifyOrder"];
        post?: never;
        /** Cancel a working order */
        delete: operations["cancelOrder"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/orders/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel working orders by symbol, side or ids */
        post: operations["cancelOrders"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/orders/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Preview an order: commission, margin, buying power after (nothing is placed) */
        post: operations["previewOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/positions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open positions */
        get: operations["getPositions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/positions/{positionId}/brackets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set or remove a position's take-profit and stop-loss (omitted = unchanged, null = remove) */
        put: operations["editPositionBrackets"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/positions/{positionId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a position, or part of it with `amount` (reduce-only: 409 beyond what is not already being closed) */
        post: operations["closePosition"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/broker/positions/{positionId}/reverse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reverse a position (409 while it is being closed or reversed) */
        post: operations["reversePosition"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datafeed/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Datafeed configuration (TradingView DatafeedConfiguration) */
        get: operations["getDatafeedConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datafeed/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bars in [from, to) (Unix ms), or the countback newest before to */
        get: operations["getHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datafeed/quotes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Quotes of several symbols (TradingView QuoteData); unknown symbols come back with s: "error" */
        get: operations["getQuotes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datafeed/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search symbols by ticker or description */
        get: operations["searchSymbols"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/datafeed/symbols": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Symbol info (TradingView LibrarySymbolInfo plus tick, lot step and minimum quantity) */
        get: operations["resolveSymbol"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness; with a credential also storage, process, account and market source status */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/udf/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** UDF configuration (search and per-symbol resolve, no group requests) */
        get: operations["getUdfConfig"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/udf/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** UDF bars in [from, to) (Unix seconds) as columns, or the countback newest before to; no_data with nextTime when none */
        get: operations["getUdfHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/udf/quotes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** UDF quotes of several symbols; an unknown symbol is an entry with s: "error" */
        get: operations["getUdfQuotes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/udf/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** UDF symbol search by ticker or description */
        get: operations["searchUdfSymbols"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/udf/symbols": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** UDF symbol resolve (TradingView LibrarySymbolInfo); an unknown symbol is 404 {s: "error"} */
        get: operations["resolveUdfSymbol"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/udf/time": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Server time: a plain integer of Unix seconds (text/plain), as UDF wants */
        get: operations["getUdfTime"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API versions */
        get: operations["getVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Account: {
            /** @description Cash: initial + realized P&L − commissions */
            balance: number;
            buyingPower: number;
            currency: string;
            /** @description balance + unrealized P&L */
            equity: number;
            id: string;
            marginUsed: number;
            name: string;
            realizedPL: number;
            unrealizedPL: number;
        };
        AccountInfo: {
            currency: string;
            id: string;
            name: string;
        };
        Bar: {
            close: number;
            high: number;
            low: number;
            open: number;
            /** @description Bar open time (Unix ms, UTC) */
            time: number;
            volume: number;
        };
        BrokerConfig: {
            /** @description Adapter id, e.g. paper, binance */
            broker: string;
            supportClosePosition: boolean;
            supportedDurations: string[];
            supportExecutions: boolean;
            supportLeverage: boolean;
            supportLimitOrders: boolean;
            /** @description Orders are checked against instrument sessions */
            supportMarketHours: boolean;
            supportMarketOrders: boolean;
            supportModifyOrderPrice: boolean;
            supportModifyOrderQuantity: boolean;
            supportNativeReversePosition: boolean;
            supportOrderBrackets: boolean;
            supportOrdersHistory: boolean;
            supportPartialClosePosition: boolean;
            supportPlaceOrderPreview: boolean;
            supportPositionBrackets: boolean;
            supportStopLimitOrders: boolean;
            supportStopOrders: boolean;
            supportTrailingStop: boolean;
        };
        BrokerConnectionStatus: {
            /** @description TradingView DisconnectType: 0 logged out, 1 broken connection, 2 reconnecting */
            disconnectType?: number;
            message?: string;
            /** @description ConnectionStatus: Connected 1, Connecting 2, Disconnected 3, Error 4 */
            status: 1 | 2 | 3 | 4;
            /** @description Status time (Unix ms, UTC) */
            timestamp: number;
        };
        CancelOrders: {
            orderIds?: string[];
            /** @description Side: Buy 1, Sell -1 */
            side?: 1 | -1;
            symbol?: string;
        };
        CancelOrdersResult: {
            canceled: string[];
        };
        ClosePosition: {
            /** @description Partial close quantity; the whole position when absent */
            amount?: number;
        };
        DatafeedConfig: {
            currency_codes: string[];
            exchanges: {
                desc: string;
                name: string;
                value: string;
            }[];
            supported_resolutions: string[];
            supports_marks: boolean;
            supports_time: boolean;
            supports_timescale_marks: boolean;
            symbols_types: {
                name: string;
                value: string;
            }[];
        };
        EquityData: {
            balance: number;
            /** @description Free margin for new orders (present when the broker reports it) */
            buyingPower?: number;
            equity: number;
            /** @description Margin held by positions (present when the broker reports it) */
            marginUsed?: number;
            realizedPL: number;
            unrealizedPL: number;
        };
        /** @description Every error of the API */
        ErrorResponse: {
            error: {
                /** @description Stable SNAKE_CASE code, e.g. VALIDATION_ERROR */
                code: string;
                details?: ({
                    message: string;
                    path?: string;
                } & {
                    [key: string]: unknown;
                })[];
                /** @description Human-readable sentence */
                message: string;
            };
        };
        Execution: {
            commission: number;
            id: string;
            orderId: string;
            price: number;
            qty: number;
            /** @description Side: Buy 1, Sell -1 */
            side: 1 | -1;
            symbol: string;
            /** @description Fill time (Unix ms, UTC) */
            time: number;
        };
        Health: {
            /** @description With a credential (or auth none): the credential's accounts */
            accounts?: {
                /** @description ConnectionStatus */
                brokerStatus: number;
                id: string;
                /** @description The owning process's id; absent while no process owns the account (a failover in progress) */
                owner?: string;
            }[];
            /** @description With a credential (or auth none): the market sources this process started */
            marketSources?: {
                /** @description Failed starts since the last success */
                failures: number;
                /** @description simulated, csv, ccxt:binance, alpaca, ib, … */
                kind: string;
                /** @description Why the last start failed (while degraded) */
                message?: string;
                /** @description `default` for the main source, else its name under market.sources */
                name: string;
                /** @description When the next start is due, Unix ms UTC (while degraded) */
                nextRetryAt?: number;
                /** @description degraded while its venue cannot be reached; the server retries its start with backoff */
                status: "ok" | "degraded";
            }[];
            /** @description With a credential (or auth none) */
            process?: {
                /** @description Unique per process */
                id: string;
                pid: number;
            };
            /** @description degraded while the journal cannot commit */
            status: "ok" | "degraded";
            /** @description With a credential (or auth none) */
            storage?: {
                message?: string;
                status: "ok" | "failing";
            };
            uptimeS: number;
            version: string;
        };
        History: {
            bars: {
                close: number;
                high: number;
                low: number;
                open: number;
                /** @description Bar open time (Unix ms, UTC) */
                time: number;
                volume: number;
            }[];
            /** @description Time of the next older bar when this range is empty */
            nextTime?: number;
            noData: boolean;
        };
        LeverageInfo: {
            leverage: number;
            max: number;
            min: number;
            step: number;
            symbol: string;
        };
        LeverageSet: {
            leverage: number;
            symbol: string;
        };
        ModifyOrder: {
            /** @description New limit price */
            limitPrice?: number;
            qty?: number;
            /** @description null removes it */
            stopLoss?: number | null;
            /** @description New stop price */
            stopPrice?: number;
            /** @description null removes it */
            takeProfit?: number | null;
        };
        /** @description A placed order (PlacedOrder) */
        Order: {
            avgPrice?: number;
            clientOrderId?: string;
            commission: number;
            /** @description Creation time (Unix ms, UTC) */
            createTime: number;
            /** @description Time in force */
            duration?: {
                /** @default GTC */
                type: "GTC" | "DAY" | "IOC" | "FOK";
            };
            /** @description Works in pre- and post-market too */
            extendedHours?: boolean;
            /** @description True on orders placed at the venue outside this platform (its website, another program), adopted by reconciliation */
            external?: boolean;
            filledQty: number;
            id: string;
            limitPrice?: number;
            /** @description True on orders the system placed to liquidate positions (equity below maintenance margin) */
            liquidation?: boolean;
            parentId?: string;
            /** @description ParentType: Order 1, Position 2 */
            parentType?: 1 | 2;
            qty: number;
            rejectReason?: string;
            /** @description Side: Buy 1, Sell -1 */
            side: 1 | -1;
            /** @description OrderStatus: Canceled 1, Filled 2, Inactive 3, Placing 4, Rejected 5, Working 6 */
            status: 1 | 2 | 3 | 4 | 5 | 6;
            stopLoss?: number;
            stopPrice?: number;
            symbol: string;
            takeProfit?: number;
            trailingStopPips?: number;
            /** @description OrderType: Limit 1, Market 2, Stop 3, StopLimit 4 */
            type: 1 | 2 | 3 | 4;
            /** @description Last change (Unix ms, UTC) */
            updateTime: number;
        };
        OrderPreview: {
            confirmId: string;
            errors?: string[];
            sections: {
                header?: string;
                rows: {
                    title: string;
                    value: string;
                }[];
            }[];
            warnings?: string[];
        };
        PlaceOrderResult: {
            orderId: string;
        };
        Position: {
            avgPrice: number;
            /** @description Equals the symbol (netting: one position per symbol) */
            id: string;
            /** @description Unrealized P&L in the account currency */
            pl: number;
            /** @description Absolute size; 0 in an update means closed */
            qty: number;
            /** @description Side: Buy 1, Sell -1 */
            side: 1 | -1;
            stopLoss?: number;
            symbol: string;
            takeProfit?: number;
            /** @description Last change (Unix ms, UTC) */
            updateTime: number;
        };
        PositionBrackets: {
            /** @description null removes it */
            stopLoss?: number | null;
            /** @description null removes it */
            takeProfit?: number | null;
            trailingStopPips?: number | null;
        };
        PreOrder: {
            /** @description Idempotency key: 1 to 64 characters (code points), no control or bidirectional-override characters */
            clientOrderId?: string;
            /** @description Time in force */
            duration?: {
                /** @default GTC */
                type: "GTC" | "DAY" | "IOC" | "FOK";
            };
            /** @description Also work in pre- and post-market (US equities; Limit orders with DAY duration only, as at Alpaca) */
            extendedHours?: boolean;
            /** @description Limit price, on the instrument tick (Limit, StopLimit) */
            limitPrice?: number;
            /** @description Quantity in the instrument unit, a multiple of its lot step */
            qty: number;
            /** @description Side: Buy 1, Sell -1 */
            side: 1 | -1;
            /** @description Stop-loss bracket price */
            stopLoss?: number;
            /** @description Stop trigger price, on the instrument tick (Stop, StopLimit) */
            stopPrice?: number;
            symbol: string;
            /** @description Take-profit bracket price */
            takeProfit?: number;
            /** @description Trailing stop distance in ticks (makes the stop-loss trail) */
            trailingStopPips?: number;
            /** @description OrderType: Limit 1, Market 2, Stop 3, StopLimit 4 */
            type: 1 | 2 | 3 | 4;
        };
        QuoteData: {
            /** @description Symbol */
            n: string;
            s: "ok" | "error";
            v: {
                ask: number;
                ask_size?: number;
                bid: number;
                bid_size?: number;
                /** @description Change from previous close */
                ch: number;
                /** @description Change in percent */
                chp: number;
                description?: string;
                exchange?: string;
                high_price: number;
                low_price: number;
                /** @description Last price */
                lp: number;
                /** @description open: regular session; pre/post: extended hours (US equities); closed */
                marketStatus?: "open" | "pre" | "post" | "closed";
                /** @description Close of the current session, or of the next one when closed (Unix ms, UTC); absent for markets that never close */
                nextClose?: number;
                /** @description Next regular open (Unix ms, UTC); absent for markets that never close */
                nextOpen?: number;
                open_price: number;
                original_name?: string;
                prev_close_price: number;
                short_name?: string;
                /** @description Quote time (Unix ms, UTC) */
                time?: number;
                volume: number;
            } | {
                errmsg?: string;
            };
        };
        QuoteValues: {
            ask: number;
            ask_size?: number;
            bid: number;
            bid_size?: number;
            /** @description Change from previous close */
            ch: number;
            /** @description Change in percent */
            chp: number;
            description?: string;
            exchange?: string;
            high_price: number;
            low_price: number;
            /** @description Last price */
            lp: number;
            /** @description open: regular session; pre/post: extended hours (US equities); closed */
            marketStatus?: "open" | "pre" | "post" | "closed";
            /** @description Close of the current session, or of the next one when closed (Unix ms, UTC); absent for markets that never close */
            nextClose?: number;
            /** @description Next regular open (Unix ms, UTC); absent for markets that never close */
            nextOpen?: number;
            open_price: number;
            original_name?: string;
            prev_close_price: number;
            short_name?: string;
            /** @description Quote time (Unix ms, UTC) */
            time?: number;
            volume: number;
        };
        SearchResult: {
            description: string;
            exchange: string;
            full_name: string;
            symbol: string;
            ticker: string;
            type: string;
        };
        SuccessResponse: {
            /** @enum {boolean} */
            success: true;
        };
        /** @description TradingView LibrarySymbolInfo plus tick, lot step and minimum quantity */
        SymbolInfo: {
            currency_code: string;
            data_status: string;
            description: string;
            exchange: string;
            /** @enum {string} */
            format: "price";
            full_name: string;
            has_daily: boolean;
            has_intraday: boolean;
            has_weekly_and_monthly: boolean;
            intraday_multipliers: string[];
            listed_exchange: string;
            /** @description open: regular session; pre/post: extended hours (US equities); closed */
            marketStatus?: "open" | "pre" | "post" | "closed";
            minmov: number;
            minQty: number;
            name: string;
            /** @description Close of the current session, or of the next one when closed (Unix ms, UTC); absent for markets that never close */
            nextClose?: number;
            /** @description Next regular open (Unix ms, UTC); absent for markets that never close */
            nextOpen?: number;
            pricescale: number;
            qtyStep: number;
            /** @description TradingView session string, e.g. 0930-1600 or 24x7 */
            session: string;
            session_holidays?: string;
            supported_resolutions: string[];
            ticker: string;
            tickSize: number;
            timezone: string;
            /** @description stock | crypto | forex | index | fund */
            type: string;
            volume_precision: number;
        };
        /** @description UDF /config: TradingView DatafeedConfiguration plus supports_search and supports_group_request */
        UdfConfig: {
            currency_codes: string[];
            exchanges: {
                desc: string;
                name: string;
                value: string;
            }[];
            supported_resolutions: string[];
            /** @description false: no /symbol_info group requests */
            supports_group_request: boolean;
            supports_marks: boolean;
            /** @description true: the adapter calls /symbols and /search */
            supports_search: boolean;
            supports_time: boolean;
            supports_timescale_marks: boolean;
            symbols_types: {
                name: string;
                value: string;
            }[];
        };
        /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
        UdfError: {
            /** @description What was wrong (what the UDF adapter reports) */
            errmsg: string;
            error: {
                /** @description Stable SNAKE_CASE code, e.g. VALIDATION_ERROR */
                code: string;
                details?: ({
                    message: string;
                    path?: string;
                } & {
                    [key: string]: unknown;
                })[];
                /** @description Human-readable sentence */
                message: string;
            };
            /** @enum {string} */
            s: "error";
        };
        /** @description UDF /history: bars as columns, or no_data */
        UdfHistory: {
            /** @description Closing prices */
            c: number[];
            /** @description High prices */
            h: number[];
            /** @description Low prices */
            l: number[];
            /** @description Opening prices */
            o: number[];
            /** @enum {string} */
            s: "ok";
            /** @description Bar open times (Unix seconds, UTC), oldest first */
            t: number[];
            /** @description Volumes */
            v: number[];
        } | {
            /** @description Open time of the closest older bar (Unix seconds, UTC); absent when there is none */
            nextTime?: number;
            /** @enum {string} */
            s: "no_data";
        };
        /** @description UDF /quotes: one entry per requested symbol, in order */
        UdfQuotes: {
            d: {
                /** @description The symbol as requested */
                n: string;
                /** @description error: unknown symbol, or no quote yet */
                s: "ok" | "error";
                v: {
                    ask: number;
                    bid: number;
                    /** @description Change from the previous close */
                    ch: number;
                    /** @description Change in percent */
                    chp: number;
                    description: string;
                    exchange: string;
                    high_price: number;
                    low_price: number;
                    /** @description Last price */
                    lp: number;
                    open_price: number;
                    prev_close_price: number;
                    short_name: string;
                    /** @description ask - bid */
                    spread: number;
                    volume: number;
                } | {
                    errmsg: string;
                };
            }[];
            /** @enum {string} */
            s: "ok";
        };
        UdfQuoteValues: {
            ask: number;
            bid: number;
            /** @description Change from the previous close */
            ch: number;
            /** @description Change in percent */
            chp: number;
            description: string;
            exchange: string;
            high_price: number;
            low_price: number;
            /** @description Last price */
            lp: number;
            open_price: number;
            prev_close_price: number;
            short_name: string;
            /** @description ask - bid */
            spread: number;
            volume: number;
        };
        /** @description UDF /symbols: TradingView LibrarySymbolInfo */
        UdfSymbolInfo: {
            currency_code: string;
            data_status: string;
            description: string;
            exchange: string;
            /** @enum {string} */
            format: "price";
            full_name: string;
            has_daily: boolean;
            has_intraday: boolean;
            has_weekly_and_monthly: boolean;
            intraday_multipliers: string[];
            listed_exchange: string;
            minmov: number;
            name: string;
            pricescale: number;
            /** @description TradingView session string, e.g. 0930-1600 or 24x7 */
            session: string;
            session_holidays?: string;
            supported_resolutions: string[];
            ticker: string;
            timezone: string;
            /** @description stock | crypto | forex | index | fund */
            type: string;
            volume_precision: number;
        };
        Versions: {
            current: string;
            supported: string[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Account"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccountInfo"][];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getBrokerConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BrokerConfig"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getExecutions: {
        parameters: {
            query?: {
                /** @description Cursor from X-Next-Cursor: the next (older) page */
                before?: string;
                /** @description Page size (default 500) */
                limit?: number;
            };
            header?: never;
            path: {
                symbol: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description The account seq this snapshot reflects */
                    "X-Account-Seq"?: number;
                    /** @description Cursor of the next (older) page, for `before`; absent on the last page */
                    "X-Next-Cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Execution"][];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getLeverage: {
        parameters: {
            query: {
                symbol: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeverageInfo"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    setLeverage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LeverageSet"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeverageInfo"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getOrders: {
        parameters: {
            query?: {
                /** @description Cursor from X-Next-Cursor: the next (older) page */
                before?: string;
                /** @description Page size (default 500) */
                limit?: number;
                /** @description OrderStatus filter */
                status?: number;
                symbol?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description The account seq this snapshot reflects */
                    "X-Account-Seq"?: number;
                    /** @description Cursor of the next (older) page, for `before`; absent on the last page */
                    "X-Next-Cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"][];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    placeOrder: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreOrder"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PlaceOrderResult"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A placed order (PlacedOrder) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    modifyOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ModifyOrder"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessResponse"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                orderId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessResponse"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    cancelOrders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelOrders"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelOrdersResult"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    previewOrder: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreOrder"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderPreview"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getPositions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Position"][];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    editPositionBrackets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                positionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PositionBrackets"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessResponse"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    closePosition: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                positionId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ClosePosition"];
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessResponse"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    reversePosition: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                positionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SuccessResponse"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getDatafeedConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DatafeedConfig"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getHistory: {
        parameters: {
            query: {
                countback?: number;
                /** @description Unix ms, inclusive */
                from: number;
                resolution: "1" | "5" | "15" | "60" | "1D";
                /** @description Symbol */
                symbol: string;
                /** @description Unix ms, exclusive */
                to: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["History"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getQuotes: {
        parameters: {
            query: {
                /** @description Comma-separated symbols */
                symbols: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QuoteData"][];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    searchSymbols: {
        parameters: {
            query?: {
                exchange?: string;
                limit?: number;
                query?: string;
                type?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResult"][];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    resolveSymbol: {
        parameters: {
            query: {
                /** @description SYMBOL or EXCHANGE:SYMBOL */
                symbol: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description TradingView LibrarySymbolInfo plus tick, lot step and minimum quantity */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SymbolInfo"];
                };
            };
            /** @description Every error of the API */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Every error of the API */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getUdfConfig: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description UDF /config: TradingView DatafeedConfiguration plus supports_search and supports_group_request */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfConfig"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
        };
    };
    getUdfHistory: {
        parameters: {
            query: {
                /** @description The newest bars before to, however far back */
                countback?: number;
                /** @description Sent by the UDF adapter; accepted and ignored */
                currencyCode?: string;
                /** @description Unix seconds, inclusive; with countback only checked to be before to */
                from: number;
                resolution: "1" | "5" | "15" | "60" | "1D";
                /** @description Symbol */
                symbol: string;
                /** @description Unix seconds, exclusive */
                to: number;
                /** @description Sent by the UDF adapter; accepted and ignored */
                unitId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description UDF /history: bars as columns, or no_data */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfHistory"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
        };
    };
    getUdfQuotes: {
        parameters: {
            query: {
                /** @description Comma-separated symbols */
                symbols: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description UDF /quotes: one entry per requested symbol, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfQuotes"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
        };
    };
    searchUdfSymbols: {
        parameters: {
            query?: {
                exchange?: string;
                limit?: number;
                query?: string;
                type?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SearchResult"][];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
        };
    };
    resolveUdfSymbol: {
        parameters: {
            query: {
                /** @description Sent by the UDF adapter; accepted and ignored */
                currencyCode?: string;
                /** @description SYMBOL or EXCHANGE:SYMBOL */
                symbol: string;
                /** @description Sent by the UDF adapter; accepted and ignored */
                unitId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description UDF /symbols: TradingView LibrarySymbolInfo */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfSymbolInfo"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
        };
    };
    getUdfTime: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unix seconds */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": number;
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
            /** @description Every error of the UDF routes: UDF's {s: "error", errmsg} and the API's {error: {code, message}} in one body */
            429: {
                headers: {
                    /** @description Seconds to wait before retrying */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UdfError"];
                };
            };
        };
    };
    getVersions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Versions"];
                };
            };
        };
    };
}
