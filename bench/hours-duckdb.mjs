// hours-duckdb.mjs: the iop-hours computation in DuckDB, through the
// @duckdb/node-api package that run.sh installs with npm.
//
//	node bench/hours-duckdb.mjs PREFIX LOG.csv OUT.txt
//	node bench/hours-duckdb.mjs PREFIX --isotest DATES.txt OUT.txt
//
// PREFIX is the npm --prefix the package went into.  Writes unsorted
// "client_id,week,hours" lines: for each client and ISO week, the hours
// of the rows whose status is attended, late or left_early, rounded half
// up to hundredths on the exact minute count.  --isotest prints
// "DATE WEEK" for each date of a one-column file, to check the labels.
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [prefix, ...args] = process.argv.slice(2);
const isotest = args[0] === '--isotest';
if (isotest)
	args.shift();
const [input, output] = args;
if (!prefix || !input || !output) {
	console.error('usage: node hours-duckdb.mjs PREFIX [--isotest] IN OUT');
	process.exit(2);
}

const require = createRequire(join(resolve(prefix), 'node_modules', 'x.js'));
const { DuckDBInstance, version } =
    await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);

const lit = (s) => "'" + s.replaceAll("'", "''") + "'";
const week = (d) => `printf('%04d-W%02d', isoyear(${d}), week(${d}))`;

const sql = isotest ? `
COPY (
	SELECT d || ' ' || ${week('d')}
	FROM read_csv(${lit(input)}, header = false,
	    columns = {'d': 'DATE'})
	ORDER BY d
) TO ${lit(output)} (FORMAT csv, HEADER false, QUOTE '')` : `
COPY (
	SELECT client_id, week, printf('%d.%02d', h // 100, h % 100)
	FROM (
		SELECT client_id, ${week('date')} AS week,
		    (sum(m) * 100 + 30) // 60 AS h
		FROM (
			SELECT client_id, date,
			    (hour("end") * 60 + minute("end")) -
			    (hour(start) * 60 + minute(start)) AS m
			FROM read_csv(${lit(input)}, header = true,
			    delim = ',', quote = '"', escape = '"',
			    columns = {
				'client_id': 'VARCHAR', 'date': 'DATE',
				'start': 'TIME', 'end': 'TIME',
				'service': 'VARCHAR', 'status': 'VARCHAR',
				'clinician': 'VARCHAR', 'notes': 'VARCHAR'})
			WHERE status IN ('attended', 'late', 'left_early')
		)
		GROUP BY ALL
	)
) TO ${lit(output)} (FORMAT csv, HEADER false)`;

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run(sql);
console.error(`duckdb ${version()}`);
