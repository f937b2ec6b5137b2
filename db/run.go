package db

// This file runs a statement for the user: in a read-only transaction,
// with a statement timeout and a row limit, cancellable.

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// RunOptions bound a run; zero values take the defaults.
type RunOptions struct {
	Timeout time.Duration // the statement timeout: 30 s
	MaxRows int           // rows returned at most: 1,000
}

// Result is the answer of a run.
type Result struct {
	Columns   []Field
	Rows      [][]any // JSON-ready values: nil, bool, numbers, strings, arrays, objects
	Truncated bool    // more rows than MaxRows
	Duration  time.Duration
}

// Run runs sql with args in a READ ONLY transaction (a write is refused by
// the server), under a statement timeout, reading at most MaxRows rows,
// and rolls back. Cancelling ctx cancels the statement on the server. A
// failure the server reports is an *Error.
func (c *Conn) Run(ctx context.Context, sql string, args []any, opt RunOptions) (*Result, error) {
	if opt.Timeout <= 0 {
		opt.Timeout = 30 * time.Second
	}
	if opt.MaxRows <= 0 {
		opt.MaxRows = 1000
	}
	pc, err := c.acquire(ctx)
	if err != nil {
		return nil, err
	}
	discard := false
	defer func() {
		if discard {
			// A statement stopped early may leave a cancel in flight: the
			// connection is not reused.
			pc.Conn().Close(context.Background())
		}
		pc.Release()
	}()
	start := time.Now()
	tx, err := pc.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, c.fail(ctx, err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, fmt.Sprintf("set local statement_timeout = %d", opt.Timeout.Milliseconds())); err != nil {
		return nil, c.fail(ctx, err)
	}
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		discard = ctx.Err() != nil
		return nil, c.fail(ctx, err)
	}
	res := &Result{Rows: [][]any{}}
	for _, f := range rows.FieldDescriptions() {
		res.Columns = append(res.Columns, Field{Name: f.Name, Type: c.typeName(ctx, pc, f.DataTypeOID)})
	}
	for rows.Next() {
		if len(res.Rows) == opt.MaxRows {
			res.Truncated = true
			discard = true
			_ = pc.Conn().PgConn().CancelRequest(context.Background())
			break
		}
		vals, err := rows.Values()
		if err != nil {
			rows.Close()
			return nil, c.fail(ctx, err)
		}
		for i, v := range vals {
			vals[i] = jsonValue(v, res.Columns[i].Type)
		}
		res.Rows = append(res.Rows, vals)
	}
	rows.Close()
	if err := rows.Err(); err != nil && !res.Truncated {
		discard = ctx.Err() != nil
		return nil, c.fail(ctx, err)
	}
	res.Duration = time.Since(start)
	return res, nil
}

// jsonValue makes a value pgx decoded ready for JSON.
func jsonValue(v any, typ string) any {
	switch x := v.(type) {
	case nil, bool, string, int16, int32, int64, float32, float64, map[string]any, []any:
		return v
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case [16]byte:
		if typ == "uuid" {
			h := hex.EncodeToString(x[:])
			return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
		}
	case []byte:
		return "\\x" + hex.EncodeToString(x)
	case fmt.Stringer:
		return x.String()
	}
	if b, err := json.Marshal(v); err == nil {
		var out any
		if json.Unmarshal(b, &out) == nil {
			return out
		}
	}
	return fmt.Sprint(v)
}
