using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Tests.Data;

/// <summary>
/// SQL Server compares text case-insensitively unless told otherwise; every key the app compares ordinally
/// must carry the binary collation, or the database merges what the app keeps apart (S000002 / s000002).
/// </summary>
public sealed class SqlServerCollationTests
{
    private static readonly string[] OrdinalColumns =
    [
        "CleverConnections.CleverDistrictId",
        "Districts.Slug",
        "HeldDeactivations.ExternalId",
        "Notifications.ClaimedBy",
        "Notifications.IdempotencyKey",
        "People.ExternalId",
        "People.GoogleEmail",
        "People.GoogleSubject",
        "People.NormalizedEmail",
        "People.NormalizedUsername",
        "Schools.ExternalId",
        "Sections.ExternalId",
        "SyncIssues.ExternalId",
        "SyncRuns.ClaimedBy",
    ];

    private static IModel DesignModel(DbContext db) => db.GetService<IDesignTimeModel>().Model;

    private static IEnumerable<(string Column, string? Collation)> Columns(IModel model) =>
        from entity in model.GetEntityTypes()
        where entity.GetTableName() is not null
        from property in entity.GetProperties()
        where property.ClrType == typeof(string)
        select ($"{entity.GetTableName()}.{property.GetColumnName()}", property.GetCollation());

    [Fact]
    public void The_SqlServer_model_gives_exactly_the_ordinal_keys_the_binary_collation()
    {
        using var db = SqlServerModel.Create();
        var columns = Columns(DesignModel(db)).ToList();

        var collated = columns.Where(c => c.Collation is not null).ToList();
        Assert.All(collated, c => Assert.Equal("Latin1_General_100_BIN2", c.Collation));
        Assert.Equal(OrdinalColumns, collated.Select(c => c.Column).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_unique_text_key_of_Twig_tables_is_compared_in_binary_on_SqlServer()
    {
        // A new unique key added without the collation fails here, before a district finds the collision.
        using var db = SqlServerModel.Create();
        var keys =
            from entity in DesignModel(db).GetEntityTypes()
            where entity.GetTableName() is { } table && !table.StartsWith("AspNet", StringComparison.Ordinal) && table != "DataProtectionKeys"
            from index in entity.GetIndexes()
            where index.IsUnique
            from property in index.Properties
            where property.ClrType == typeof(string)
            select (Column: $"{entity.GetTableName()}.{property.GetColumnName()}", Collation: property.GetCollation());

        var unique = keys.ToList();
        Assert.NotEmpty(unique);
        Assert.All(unique, k => Assert.True(k.Collation == OrdinalKeys.SqlServerCollation, $"{k.Column} is a unique key without {OrdinalKeys.SqlServerCollation}"));
    }

    [Fact]
    public void SQLite_keeps_its_binary_default_and_no_collation_in_its_model()
    {
        using var db = SqlServerModel.CreateSqlite();
        Assert.All(Columns(DesignModel(db)), c => Assert.Null(c.Collation));
    }

    [Fact]
    public void Usernames_differing_only_by_case_share_one_unique_key_on_both_providers()
    {
        // Case-insensitivity is the app's normalization (upper-invariant), stored in NormalizedUsername, which both
        // engines index uniquely per district and compare byte for byte.
        var sam = new Person();
        sam.SetUsername(" Sam.Lee ");
        var other = new Person();
        other.SetUsername("sAM.lEE");
        Assert.Equal(sam.NormalizedUsername, other.NormalizedUsername);
        Assert.NotEqual(sam.Username, other.Username);

        using var sqlServer = SqlServerModel.Create();
        using var sqlite = SqlServerModel.CreateSqlite();
        foreach (var model in new[] { DesignModel(sqlServer), DesignModel(sqlite) })
        {
            var people = model.FindEntityType(typeof(Person))!;
            var index = Assert.Single(people.GetIndexes(), i => i.Properties.Any(p => p.Name == nameof(Person.NormalizedUsername)));
            Assert.True(index.IsUnique);
            Assert.Equal([nameof(Person.DistrictId), nameof(Person.NormalizedUsername)], index.Properties.Select(p => p.Name));
            Assert.Null(people.FindProperty(nameof(Person.Username))!.GetCollation());
        }
    }
}
