-- hours.sql: the iop-hours computation in SQLite, used by run.sh as
--
--	sqlite3 :memory: -cmd '.import --csv log.csv log' < bench/hours.sql
--
-- For each client and ISO week, the hours of the rows whose status is
-- attended, late or left_early, rounded half up to hundredths on the
-- exact minute count.  SQLite 3.40's strftime() has no %G/%V, so the ISO
-- week is the year and day of the year of the date's Thursday, worked
-- out once per distinct date.
.mode list
.separator ,
.headers off
WITH
att AS (
	SELECT client_id, date,
	    (CAST(substr("end", 1, 2) AS INTEGER) * 60 +
	     CAST(substr("end", 4, 2) AS INTEGER)) -
	    (CAST(substr(start, 1, 2) AS INTEGER) * 60 +
	     CAST(substr(start, 4, 2) AS INTEGER)) AS m
	FROM log
	WHERE status IN ('attended', 'late', 'left_early')
),
thu AS (
	-- strftime('%w'): 0 Sunday ... 6 Saturday; (w + 6) % 7: 0 Monday.
	SELECT date, date(date, printf('%+d days',
	    3 - (CAST(strftime('%w', date) AS INTEGER) + 6) % 7)) AS th
	FROM (SELECT DISTINCT date FROM log)
),
wk AS (
	SELECT date, printf('%s-W%02d', strftime('%Y', th),
	    (CAST(strftime('%j', th) AS INTEGER) - 1) / 7 + 1) AS week
	FROM thu
),
tot AS (
	SELECT client_id, week, (SUM(m) * 100 + 30) / 60 AS h
	FROM att JOIN wk USING (date)
	GROUP BY client_id, week
)
SELECT client_id, week, printf('%d.%02d', h / 100, h % 100) FROM tot;
