using Twig.Web.Domain;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.LicenseCheck;

/// <summary>Deactivation and reactivation stated once, as the columns every sync and import writes.</summary>
public sealed class RosteredRecordTests(SliceFixture fixture) : SliceTest(fixture)
{
    [Fact]
    public void Deactivating_marks_inactive_since_now_and_reactivating_clears_the_date()
    {
        var now = new DateTime(2026, 3, 15, 8, 0, 0, DateTimeKind.Utc);

        Assert.Equal([("IsActive", false), ("DeactivatedAt", now), ("UpdatedAt", now)],
            RosteredRecord.Deactivation(now).Select(c => (c.Property, c.Value)));
        Assert.Equal([("IsActive", true), ("DeactivatedAt", null), ("UpdatedAt", now)],
            RosteredRecord.Reactivation(now).Select(c => (c.Property, c.Value)));
    }

    [Theory]
    [InlineData(typeof(School))]
    [InlineData(typeof(Person))]
    [InlineData(typeof(Section))]
    [InlineData(typeof(Enrollment))]
    public async Task Every_rostered_table_has_the_columns_the_rule_writes(Type entity)
    {
        var missing = await Fixture.ExecuteDbContextAsync(db =>
        {
            var type = db.Model.FindEntityType(entity)!;
            return Task.FromResult(RosteredRecord.Deactivation(DateTime.UtcNow).Concat(RosteredRecord.Reactivation(DateTime.UtcNow))
                .Where(c => type.FindProperty(c.Property) is null).Select(c => c.Property).ToList());
        });

        Assert.Empty(missing);
    }
}
