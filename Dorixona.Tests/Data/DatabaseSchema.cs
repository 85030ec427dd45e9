using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dorixona.Tests.Data;

public sealed record ColumnShape(string StoreType, bool IsNullable, bool IsGeneratedKey);

public sealed record IndexShape(string Columns, bool IsUnique);

public sealed record ForeignKeyShape(string Name, string PrincipalTable, string PrincipalColumns, ReferentialAction OnDelete);

public sealed class TableShape
{
    public SortedDictionary<string, ColumnShape> Columns { get; } = new(StringComparer.Ordinal);
    public string PrimaryKeyName { get; set; } = "";
    public string PrimaryKey { get; set; } = "";
    public SortedDictionary<string, IndexShape> Indexes { get; } = new(StringComparer.Ordinal);
    /// <summary>Keyed by the dependent columns, since that is what a foreign key is about.</summary>
    public SortedDictionary<string, ForeignKeyShape> ForeignKeys { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Tables, columns (store type, nullability, database-generated keys), primary keys, indexes and foreign keys,
/// read either from EF's relational model or from a real database's catalog, in one comparable shape.
/// </summary>
public static partial class DatabaseSchema
{
    /// <summary>EF's own bookkeeping tables, which the model does not describe.</summary>
    private static readonly HashSet<string> EfTables = ["__EFMigrationsHistory", "__EFMigrationsLock"];

    public static SortedDictionary<string, TableShape> FromModel(DbContext db)
    {
        var tables = new SortedDictionary<string, TableShape>(StringComparer.Ordinal);
        foreach (var table in db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables)
        {
            var shape = new TableShape
            {
                PrimaryKeyName = table.PrimaryKey?.Name ?? "",
                PrimaryKey = Join(table.PrimaryKey?.Columns.Select(c => c.Name) ?? []),
            };
            foreach (var column in table.Columns)
                shape.Columns[column.Name] = new ColumnShape(NormalizeType(column.StoreType), column.IsNullable, IsGeneratedKey(table, column));
            foreach (var index in table.Indexes)
                shape.Indexes[index.Name] = new IndexShape(Join(index.Columns.Select(c => c.Name)), index.IsUnique);
            foreach (var fk in table.ForeignKeyConstraints)
                shape.ForeignKeys[Join(fk.Columns.Select(c => c.Name))] =
                    new ForeignKeyShape(fk.Name, fk.PrincipalTable.Name, Join(fk.PrincipalColumns.Select(c => c.Name)), fk.OnDeleteAction);
            tables[table.Name] = shape;
        }
        return tables;
    }

    public static async Task<SortedDictionary<string, TableShape>> ReadAsync(DbContext db)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            var connection = db.Database.GetDbConnection();
            return db.Database.ProviderName switch
            {
                "Microsoft.EntityFrameworkCore.Sqlite" => await ReadSqliteAsync(connection),
                "Npgsql.EntityFrameworkCore.PostgreSQL" => await ReadPostgresAsync(connection),
                var other => throw new NotSupportedException($"No schema reader for {other}"),
            };
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Each difference as a sentence; empty when the database is exactly what the model describes.</summary>
    public static List<string> Compare(SortedDictionary<string, TableShape> expected, SortedDictionary<string, TableShape> actual)
    {
        var differences = new List<string>();
        foreach (var name in actual.Keys.Except(expected.Keys).Where(n => !EfTables.Contains(n)))
            differences.Add($"table {name} is in the database but not in the model");
        foreach (var (name, want) in expected)
        {
            if (!actual.TryGetValue(name, out var have))
            {
                differences.Add($"table {name} is missing from the database");
                continue;
            }
            CompareMembers(differences, $"{name} column", want.Columns, have.Columns);
            if (want.PrimaryKey != have.PrimaryKey || want.PrimaryKeyName != have.PrimaryKeyName)
                differences.Add($"{name} primary key: model {want.PrimaryKeyName}({want.PrimaryKey}), database {have.PrimaryKeyName}({have.PrimaryKey})");
            CompareMembers(differences, $"{name} index", want.Indexes, have.Indexes);
            CompareMembers(differences, $"{name} foreign key on", want.ForeignKeys, have.ForeignKeys);
        }
        return differences;
    }

    private static void CompareMembers<T>(List<string> differences, string what, SortedDictionary<string, T> want, SortedDictionary<string, T> have)
        where T : notnull
    {
        foreach (var (key, wanted) in want)
        {
            if (!have.TryGetValue(key, out var found)) differences.Add($"{what} {key} is missing from the database (model: {wanted})");
            else if (!wanted.Equals(found)) differences.Add($"{what} {key}: model {wanted}, database {found}");
        }
        foreach (var key in have.Keys.Except(want.Keys)) differences.Add($"{what} {key} is in the database but not in the model ({have[key]})");
    }

    private static async Task<SortedDictionary<string, TableShape>> ReadSqliteAsync(DbConnection connection)
    {
        const string tablesOnly = "m.type = 'table' AND m.name NOT LIKE 'sqlite_%'";
        var tables = new SortedDictionary<string, TableShape>(StringComparer.Ordinal);
        var sql = new Dictionary<string, string>();
        foreach (var (table, create) in await QueryAsync(connection, $"SELECT m.name, m.sql FROM sqlite_master m WHERE {tablesOnly}",
                     r => (r.GetString(0), r.GetString(1))))
        {
            sql[table] = create;
            var pk = PrimaryKeyConstraint().Match(create);
            tables[table] = new TableShape { PrimaryKeyName = pk.Success ? pk.Groups["name"].Value : "" };
        }

        var columns = await QueryAsync(connection,
            $"""SELECT m.name, p.name, p.type, p."notnull", p.pk FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE {tablesOnly} ORDER BY m.name, p.pk""",
            r => (Table: r.GetString(0), Column: r.GetString(1), Type: r.GetString(2), NotNull: r.GetInt64(3) == 1, Pk: r.GetInt64(4)));
        foreach (var c in columns)
        {
            var autoincrement = Regex.IsMatch(sql[c.Table], $"\"{Regex.Escape(c.Column)}\" INTEGER [^,]*PRIMARY KEY AUTOINCREMENT");
            tables[c.Table].Columns[c.Column] = new ColumnShape(NormalizeType(c.Type), !c.NotNull, autoincrement);
        }
        foreach (var group in columns.Where(c => c.Pk > 0).GroupBy(c => c.Table))
            tables[group.Key].PrimaryKey = Join(group.OrderBy(c => c.Pk).Select(c => c.Column));

        var indexColumns = await QueryAsync(connection,
            $"""
            SELECT m.name, il.name, il."unique", ii.name
            FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_info(il.name) ii
            WHERE {tablesOnly} AND il.origin <> 'pk'
            ORDER BY m.name, il.name, ii.seqno
            """,
            r => (Table: r.GetString(0), Index: r.GetString(1), Unique: r.GetInt64(2) == 1, Column: r.GetString(3)));
        foreach (var index in indexColumns.GroupBy(c => (c.Table, c.Index, c.Unique)))
            tables[index.Key.Table].Indexes[index.Key.Index] = new IndexShape(Join(index.Select(c => c.Column)), index.Key.Unique);

        var fkColumns = await QueryAsync(connection,
            $"""
            SELECT m.name, f.id, f."table", f."from", f."to", f.on_delete
            FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
            WHERE {tablesOnly}
            ORDER BY m.name, f.id, f.seq
            """,
            r => (Table: r.GetString(0), Id: r.GetInt64(1), Principal: r.GetString(2), From: r.GetString(3), To: r.GetString(4), OnDelete: r.GetString(5)));
        foreach (var fk in fkColumns.GroupBy(c => (c.Table, c.Id)))
        {
            var from = Join(fk.Select(c => c.From));
            var named = ForeignKeyConstraint().Matches(sql[fk.Key.Table])
                .FirstOrDefault(m => Join(m.Groups["columns"].Value.Split(',').Select(c => c.Trim().Trim('"'))) == from);
            tables[fk.Key.Table].ForeignKeys[from] = new ForeignKeyShape(
                named?.Groups["name"].Value ?? "", fk.First().Principal, Join(fk.Select(c => c.To)), OnDelete(fk.First().OnDelete));
        }
        return tables;
    }

    private static async Task<SortedDictionary<string, TableShape>> ReadPostgresAsync(DbConnection connection)
    {
        const string userTables = "n.nspname = current_schema() AND c.relkind = 'r'";
        var tables = new SortedDictionary<string, TableShape>(StringComparer.Ordinal);
        var columns = await QueryAsync(connection,
            $"""
            SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid), '') LIKE 'nextval(%'
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE {userTables} AND a.attnum > 0 AND NOT a.attisdropped
            """,
            r => (Table: r.GetString(0), Column: r.GetString(1), Type: r.GetString(2), NotNull: r.GetBoolean(3), Generated: r.GetBoolean(4)));
        foreach (var c in columns)
        {
            if (!tables.TryGetValue(c.Table, out var table)) tables[c.Table] = table = new TableShape();
            table.Columns[c.Column] = new ColumnShape(NormalizeType(c.Type), !c.NotNull, c.Generated);
        }

        // Constraints and indexes list their columns in key order through unnest(...) WITH ORDINALITY.
        var constraints = await QueryAsync(connection,
            $"""
            SELECT c.relname::text, k.conname::text, k.contype::text,
                   array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),
                   coalesce(p.relname::text, ''),
                   array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                         JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i),
                   k.confdeltype::text
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_class p ON p.oid = k.confrelid
            WHERE {userTables} AND k.contype IN ('p', 'f', 'u')
            """,
            r => (Table: r.GetString(0), Name: r.GetString(1), Kind: r.GetString(2), Columns: r.GetFieldValue<string[]>(3),
                  Principal: r.GetString(4), PrincipalColumns: r.GetFieldValue<string[]>(5), OnDelete: r.GetString(6)));
        foreach (var k in constraints)
        {
            var table = tables[k.Table];
            switch (k.Kind)
            {
                case "p":
                    table.PrimaryKeyName = k.Name;
                    table.PrimaryKey = Join(k.Columns);
                    break;
                case "f":
                    table.ForeignKeys[Join(k.Columns)] = new ForeignKeyShape(k.Name, k.Principal, Join(k.PrincipalColumns), k.OnDelete switch
                    {
                        "c" => ReferentialAction.Cascade,
                        "r" => ReferentialAction.Restrict,
                        "n" => ReferentialAction.SetNull,
                        "d" => ReferentialAction.SetDefault,
                        _ => ReferentialAction.NoAction,
                    });
                    break;
                default:
                    // A unique constraint is not something the model has here: report it as an extra index.
                    table.Indexes[k.Name] = new IndexShape(Join(k.Columns), true);
                    break;
            }
        }

        var indexes = await QueryAsync(connection,
            $"""
            SELECT c.relname::text, i.relname::text, x.indisunique,
                   array(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY u(n, o)
                         JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = u.n ORDER BY u.o)
            FROM pg_index x
            JOIN pg_class c ON c.oid = x.indrelid
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE {userTables} AND NOT x.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
            """,
            r => (Table: r.GetString(0), Index: r.GetString(1), Unique: r.GetBoolean(2), Columns: r.GetFieldValue<string[]>(3)));
        foreach (var index in indexes)
            tables[index.Table].Indexes[index.Index] = new IndexShape(Join(index.Columns), index.Unique);
        return tables;
    }

    /// <summary>Integer single-column keys the database numbers itself (identity / AUTOINCREMENT).</summary>
    private static bool IsGeneratedKey(ITable table, IColumn column) =>
        table.PrimaryKey is { Columns.Count: 1 } pk && pk.Columns[0] == column
        && (column.ProviderClrType == typeof(long) || column.ProviderClrType == typeof(int))
        && column.PropertyMappings.Any(m => m.Property.ValueGenerated.HasFlag(ValueGenerated.OnAdd));

    /// <summary>One spelling per type: PostgreSQL's catalog names and aliases, SQLite's any-case affinities.</summary>
    public static string NormalizeType(string storeType)
    {
        var t = Regex.Replace(storeType.Trim().ToLowerInvariant(), @"\s+", " ");
        return t switch
        {
            "int" or "int4" => "integer",
            "int8" => "bigint",
            "int2" => "smallint",
            "bool" => "boolean",
            "timestamptz" => "timestamp with time zone",
            "timestamp" => "timestamp without time zone",
            _ when t.StartsWith("varchar(", StringComparison.Ordinal) => "character varying(" + t["varchar(".Length..],
            _ => t,
        };
    }

    private static ReferentialAction OnDelete(string sqlite) => sqlite.ToUpperInvariant() switch
    {
        "CASCADE" => ReferentialAction.Cascade,
        "RESTRICT" => ReferentialAction.Restrict,
        "SET NULL" => ReferentialAction.SetNull,
        "SET DEFAULT" => ReferentialAction.SetDefault,
        _ => ReferentialAction.NoAction,
    };

    private static string Join(IEnumerable<string> columns) => string.Join(", ", columns);

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> map)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(map(reader));
        return rows;
    }

    [GeneratedRegex("""CONSTRAINT "(?<name>[^"]+)" PRIMARY KEY""")]
    private static partial Regex PrimaryKeyConstraint();

    [GeneratedRegex("""CONSTRAINT "(?<name>[^"]+)" FOREIGN KEY \((?<columns>[^)]*)\)""")]
    private static partial Regex ForeignKeyConstraint();
}
