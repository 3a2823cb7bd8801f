using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Twig.Web.Data;
using Twig.Web.Data.Bulk;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Twig's copy of the district's Clever-sourced records, reduced to what a comparison needs: per Clever id the Twig id,
/// the stored hashes and a few flags. No names, no fields, no enrollments — those are read only for what changed.
/// </summary>
public sealed class RosterIndex
{
    public Dictionary<string, IndexedSchool> Schools { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, IndexedRecord> People { get; private init; } = new(StringComparer.Ordinal);
    public Dictionary<string, IndexedRecord> Sections { get; private init; } = new(StringComparer.Ordinal);
    /// <summary>
    /// The district's active Clever enrollments, when counted with the index (an events-mode run needs the number; counted
    /// here it is read beside the night's events instead of after them).
    /// </summary>
    public int? ActiveEnrollments { get; private set; }

    /// <summary>The entry of <paramref name="externalId"/>, to read or mark; a null reference when Twig has none.</summary>
    public static ref IndexedRecord Find(Dictionary<string, IndexedRecord> records, string externalId) =>
        ref CollectionsMarshal.GetValueRefOrNullRef(records, externalId);

    /// <summary>Forgets what a fetch marked as seen, so a fetch started again (after a token renewal) starts clean.</summary>
    public void ResetSeen()
    {
        // Looked up only where marked: a freshly loaded index (every nightly sync) is a walk over its entries.
        foreach (var (key, record) in People) if (record.Seen) Find(People, key).Seen = false;
        foreach (var (key, record) in Sections) if (record.Seen) Find(Sections, key).Seen = false;
    }

    /// <summary>
    /// Loads on a pool thread with its own scope (own context and connection), so a sync reads Twig's copy while it
    /// fetches Clever's schools. Only syncs write Clever-sourced rows and a district runs one sync at a time.
    /// </summary>
    public static Task<RosterIndex> LoadInOwnScopeAsync(IServiceScopeFactory scopes, int districtId, CancellationToken ct,
        bool countActiveEnrollments = false) =>
        Task.Run(async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            return await LoadAsync(scope.ServiceProvider.GetRequiredService<TwigDb>(), districtId, ct, countActiveEnrollments);
        }, ct);

    public static async Task<RosterIndex> LoadAsync(TwigDb db, int districtId, CancellationToken ct, bool countActiveEnrollments = false)
    {
        const string where = "\"DistrictId\"=@d AND \"Source\"=@s";
        await using var reader = new RosterReader(db, districtId);
        // Sized from a count first: grown by doubling, the two large dictionaries would end with up to twice the slots they
        // use and hold both tables while they grow — the largest part of a nightly sync's own memory.
        int people = 0, sections = 0;
        await reader.ReadAsync(
            """SELECT (SELECT COUNT(*) FROM "People" WHERE """ + where + """), (SELECT COUNT(*) FROM "Sections" WHERE """ + where + ")",
            r => (people, sections) = (r.GetInt32(0), r.GetInt32(1)), ct);
        var index = new RosterIndex
        {
            People = new Dictionary<string, IndexedRecord>(people, StringComparer.Ordinal),
            Sections = new Dictionary<string, IndexedRecord>(sections, StringComparer.Ordinal),
        };
        await ReadRowsAsync(db, districtId,
            """SELECT "Id","ExternalId","Name","RecordHash","IsActive" FROM "Schools" WHERE """ + where,
            r => index.Schools[r.Text(1)] = new IndexedSchool(r.Int(0), r.Text(2), r.Bool(4)) { Hash = r.NullableLong(3) }, ct);
        await ReadRowsAsync(db, districtId,
            """SELECT "Id","ExternalId","RecordHash","IsActive","Roles" FROM "People" WHERE """ + where,
            r => index.People[r.Text(1)] = new IndexedRecord
            {
                Id = r.Int(0), Hash = r.NullableLong(2), IsActive = r.Bool(3), IsStudent = ActiveStudent.Takes((PersonRoles)r.Int(4)),
            }, ct);
        await ReadRowsAsync(db, districtId,
            """SELECT "Id","ExternalId","RecordHash","MembershipHash","IsActive" FROM "Sections" WHERE """ + where,
            r => index.Sections[r.Text(1)] = new IndexedRecord
            {
                Id = r.Int(0), Hash = r.NullableLong(2), Membership = r.NullableLong(3), IsActive = r.Bool(4),
            }, ct);
        if (countActiveEnrollments)
            await reader.ReadAsync("""SELECT COUNT(*) FROM "Enrollments" WHERE """ + where + """ AND "IsActive"=1""",
                r => index.ActiveEnrollments = r.GetInt32(0), ct);
        return index;
    }

    /// <summary>The rows of one of the load's reads (@d the district, @s Clever), stepped natively on SQLite: a quarter of a
    /// million rows, awaited before the students are fetched.</summary>
    private static Task ReadRowsAsync(TwigDb db, int districtId, string sql, Action<RowCursor> row, CancellationToken ct) =>
        RowCursor.ReadAsync(db, sql, [("@d", districtId), ("@s", (int)RosterSource.Clever)], row, ct);
}

/// <summary>
/// One record of Twig's copy: a 24-byte struct in the dictionary beside its Clever id (hashes without nullable
/// wrappers, which would double them, and the five flags in one byte).
/// </summary>
public struct IndexedRecord
{
    private long _hash;
    private long _membership;
    public int Id;
    private Flags _flags;

    [Flags]
    private enum Flags : byte
    {
        HasHash = 1,
        HasMembership = 2,
        IsActive = 4,
        IsStudent = 8,
        Seen = 16,
    }

    public long? Hash
    {
        readonly get => Has(Flags.HasHash) ? _hash : null;
        set { Set(Flags.HasHash, value.HasValue); _hash = value.GetValueOrDefault(); }
    }

    /// <summary>Sections only: the stored <see cref="MembershipHash"/>.</summary>
    public long? Membership
    {
        readonly get => Has(Flags.HasMembership) ? _membership : null;
        set { Set(Flags.HasMembership, value.HasValue); _membership = value.GetValueOrDefault(); }
    }

    public bool IsActive
    {
        readonly get => Has(Flags.IsActive);
        set => Set(Flags.IsActive, value);
    }

    /// <summary>Takes a licensed seat while active (<see cref="ActiveStudent"/>).</summary>
    public bool IsStudent
    {
        readonly get => Has(Flags.IsStudent);
        set => Set(Flags.IsStudent, value);
    }

    /// <summary>Clever sent the record complete during this fetch.</summary>
    public bool Seen
    {
        readonly get => Has(Flags.Seen);
        set => Set(Flags.Seen, value);
    }

    private readonly bool Has(Flags flag) => (_flags & flag) != 0;

    private void Set(Flags flag, bool on) => _flags = on ? _flags | flag : _flags & ~flag;
}

/// <summary>Schools are few: the name is kept for a held run's list.</summary>
public sealed record IndexedSchool(int Id, string Name, bool IsActive)
{
    public long? Hash { get; init; }
}

/// <summary>Plain data readers over the district's Clever-sourced rows (no entity materialisation, no tracking).</summary>
public sealed class RosterReader : IAsyncDisposable
{
    private readonly TwigDb _db;
    private readonly int _districtId;
    private readonly bool _sqlite;
    private bool _opened;

    public RosterReader(TwigDb db, int districtId)
    {
        _db = db;
        _districtId = districtId;
        _sqlite = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true;
    }

    /// <summary>Runs <paramref name="sql"/> with @d (the district) and @s (Clever) bound, calling <paramref name="row"/> per row.</summary>
    public async Task ReadAsync(string sql, Action<DbDataReader> row, CancellationToken ct)
    {
        if (!_opened)
        {
            await _db.Database.OpenConnectionAsync(ct);
            _opened = true;
        }
        await using var command = _db.Database.GetDbConnection().CreateCommand();
        command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        Add(command, "@d", _districtId);
        Add(command, "@s", (int)RosterSource.Clever);
        await using var reader = await command.ExecuteReaderAsync(ct);
        // SQLite reads synchronously anyway; its ReadAsync only adds overhead per row.
        if (_sqlite)
            while (reader.Read()) row(reader);
        else
            while (await reader.ReadAsync(ct)) row(reader);
    }

    /// <summary>
    /// The same query over <paramref name="ids"/> a chunk at a time, the chunk written into <paramref name="sqlFormat"/>'s {0}
    /// as integer literals (Twig's own ids, never input), so no chunk nears a provider's parameter limit.
    /// </summary>
    public async Task ReadInAsync(string sqlFormat, IEnumerable<int> ids, Action<DbDataReader> row, CancellationToken ct)
    {
        foreach (var chunk in ids.Chunk(1_000))
            await ReadAsync(string.Format(CultureInfo.InvariantCulture, sqlFormat,
                string.Join(",", chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)))), row, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_opened) await _db.Database.CloseConnectionAsync();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
