using Microsoft.EntityFrameworkCore.Metadata;
using Twig.Web.Domain;

namespace Twig.Web.Data;

/// <summary>
/// The string columns Twig compares ordinally (byte for byte, as <see cref="StringComparer.Ordinal"/> does in
/// the planners and handlers). The database must compare them the same way, or it finds "equal" what the app
/// keeps apart: SQL Server's default collation is case- and width-insensitive, so <c>S000002</c> and
/// <c>s000002</c> collide on a unique index that SQLite (binary by default) and the app treat as two people.
/// Case-insensitive keys (usernames, e-mails) are stored upper-cased by the app and listed here too: the
/// normalization decides what is equal, the same on every engine, and the database only compares the bytes.
/// </summary>
public static class OrdinalKeys
{
    /// <summary>
    /// Binary code-point comparison on SQL Server and Azure SQL. BIN2 (not the legacy BIN) orders by code point
    /// like <see cref="string.CompareOrdinal(string, string)"/>; version 100 is the newest Latin1 binary collation
    /// every supported SQL Server and Azure SQL offers; a binary collation, unlike <c>_CS_AS</c>, also keeps
    /// full-width, kana and ignorable-character variants apart. The code page is irrelevant for nvarchar.
    /// </summary>
    public const string SqlServerCollation = "Latin1_General_100_BIN2";

    /// <summary>Every ordinal key of the model: external ids, Clever ids, slugs, claims and idempotency keys.</summary>
    public static IEnumerable<IMutableProperty> In(IMutableModel model)
    {
        foreach (var entity in model.GetEntityTypes().Where(e => typeof(RosteredRecord).IsAssignableFrom(e.ClrType)))
            yield return entity.FindProperty(nameof(RosteredRecord.ExternalId))!;
        yield return Property<HeldDeactivation>(model, nameof(HeldDeactivation.ExternalId));
        yield return Property<SyncIssue>(model, nameof(SyncIssue.ExternalId));
        yield return Property<CleverConnection>(model, nameof(CleverConnection.CleverDistrictId));
        yield return Property<District>(model, nameof(District.Slug));
        yield return Property<Person>(model, nameof(Person.NormalizedUsername));
        yield return Property<Person>(model, nameof(Person.NormalizedEmail));
        // A copy of NormalizedEmail (the address a Google binding was made with), compared with it: SQL Server refuses to
        // compare two columns of different collations.
        yield return Property<Person>(model, nameof(Person.GoogleEmail));
        yield return Property<Person>(model, nameof(Person.GoogleSubject));
        yield return Property<Notification>(model, nameof(Notification.IdempotencyKey));
        // Claims: an instance must never take another's claim because their names differ only by case.
        yield return Property<Notification>(model, nameof(Notification.ClaimedBy));
        yield return Property<SyncRun>(model, nameof(SyncRun.ClaimedBy));
    }

    private static IMutableProperty Property<T>(IMutableModel model, string name) =>
        model.FindEntityType(typeof(T))!.FindProperty(name)!;
}
