-- The limit of the month panel scenario (bench/run.sh panel_month): the panel of the 50 generated series over the
-- whole of April 2020 (2,160,000 1m bars) ordered by ts then symbol, as PostgreSQL exports it itself. The statement is
-- BarPanelRepository.PANEL with its parameters written in (timeframe pinned as Timeframe.pinned writes it).
COPY (
    SELECT symbol, timeframe, ts, open, high, low, close, volume, vwap, trade_count, source, adj_close
      FROM market_data.ohlcv
     WHERE symbol = ANY(ARRAY['SYN00','SYN01','SYN02','SYN03','SYN04','SYN05','SYN06','SYN07','SYN08','SYN09','SYN10','SYN11','SYN12','SYN13','SYN14','SYN15','SYN16','SYN17','SYN18','SYN19','SYN20','SYN21','SYN22','SYN23','SYN24','SYN25','SYN26','SYN27','SYN28','SYN29','SYN30','SYN31','SYN32','SYN33','SYN34','SYN35','SYN36','SYN37','SYN38','SYN39','SYN40','SYN41','SYN42','SYN43','SYN44','SYN45','SYN46','SYN47','SYN48','SYN49']::text[])
       AND timeframe = '1m' AND timeframe = '1m' AND ts >= '2020-04-01 00:00:00+00' AND ts < '2020-05-01 00:00:00+00'
     ORDER BY ts, symbol
) TO STDOUT;
