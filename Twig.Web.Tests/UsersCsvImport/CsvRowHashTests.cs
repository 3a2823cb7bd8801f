using System.IO.Hashing;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using Twig.Web.Tests.Harness;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>
/// The stored row hash (<c>Person.CsvRowHash</c>): an upload compares each row to it instead of reading the person, so it must
/// never hide a change — neither one in the file nor one made in Twig since the last import.
/// </summary>
public sealed class CsvRowHashTests(SliceFixture fixture) : SliceTest(fixture)
{
    private static string People(string changedFirstName = "Ann") => CsvFiles.File(
        CsvFiles.Row("s1", first: changedFirstName, username: "ann", email: "ann@example.org", schools: "Lincoln"),
        CsvFiles.Row("s2", first: "Bob", username: "bob", email: "bob@example.org", schools: "Lincoln"),
        CsvFiles.Row("t1", "teacher", first: "Tess", email: "tess@example.org", schools: "Lincoln;Washington"));

    private sealed record Stored(string UserId, string FirstName, bool IsActive, long? Hash, DateTime UpdatedAt, string[] Schools);

    private Task<Dictionary<string, Stored>> StoredAsync(int districtId) => Fixture.ExecuteDbContextAsync(async db =>
        (await db.People.AsNoTracking().Where(p => p.DistrictId == districtId)
            .Select(p => new Stored(p.ExternalId, p.FirstName, p.IsActive, p.CsvRowHash, p.UpdatedAt,
                p.Schools.Select(s => s.School!.Name).OrderBy(n => n).ToArray()))
            .ToListAsync()).ToDictionary(p => p.UserId));

    [Fact]
    public async Task An_edited_row_is_updated_and_an_unchanged_row_is_not_rewritten()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ImportAsync(district.Id, People());
        var before = await StoredAsync(district.Id);
        Assert.All(before.Values, p => Assert.NotNull(p.Hash));

        var applied = await Fixture.ImportAsync(district.Id, People(changedFirstName: "Annie"));

        Assert.Equal((0, 1, 0, 2), (applied.Counts!.Created, applied.Counts.Updated, applied.Counts.Archived, applied.Counts.Unchanged));
        var after = await StoredAsync(district.Id);
        Assert.Equal("Annie", after["s1"].FirstName);
        Assert.NotEqual(before["s1"].Hash, after["s1"].Hash);
        Assert.Equal(before["s2"], after["s2"] with { Schools = before["s2"].Schools });
        Assert.Equal(before["t1"] with { Schools = [] }, after["t1"] with { Schools = [] });
    }

    [Fact]
    public async Task A_row_without_a_stored_hash_is_compared_in_full_and_then_gets_one()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ImportAsync(district.Id, People());
        // People written before the hash existed, one of them since changed in the database the way old data may differ.
        await Fixture.ExecuteDbContextAsync(async db =>
        {
            await db.People.Where(p => p.DistrictId == district.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.CsvRowHash, (long?)null));
            await db.People.Where(p => p.DistrictId == district.Id && p.ExternalId == "s2")
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.FirstName, "Robert"));
        });
        var before = await StoredAsync(district.Id);

        var applied = await Fixture.ImportAsync(district.Id, People());

        Assert.Equal((1, 2), (applied.Counts!.Updated, applied.Counts.Unchanged));
        var after = await StoredAsync(district.Id);
        Assert.Equal("Bob", after["s2"].FirstName);
        Assert.All(after.Values, p => Assert.NotNull(p.Hash));
        // Unchanged people only gain their hash: nothing else of them is written.
        Assert.Equal(before["s1"].UpdatedAt, after["s1"].UpdatedAt);

        var again = await Fixture.ImportAsync(district.Id, People());
        Assert.Equal((0, 3), (again.Counts!.Updated, again.Counts.Unchanged));
    }

    [Fact]
    public async Task A_person_deactivated_in_Twig_is_brought_back_by_a_file_that_lists_them_unchanged()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ImportAsync(district.Id, People());
        var now = DateTime.UtcNow;
        // As the owner (or a roster-source switch) deactivates someone: the row's hash still matches the file.
        await Fixture.ExecuteDbContextAsync(db => db.People.Where(p => p.DistrictId == district.Id && p.ExternalId == "s2")
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false).SetProperty(p => p.DeactivatedAt, now)
                .SetProperty(p => p.UpdatedAt, now)));

        var applied = await Fixture.ImportAsync(district.Id, People());

        Assert.Equal((1, 0, 2), (applied.Counts!.Reactivated, applied.Counts.Updated, applied.Counts.Unchanged));
        Assert.True((await StoredAsync(district.Id))["s2"].IsActive);
    }

    [Fact]
    public async Task A_school_closed_in_Twig_is_not_hidden_by_a_matching_hash()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        var now = DateTime.UtcNow;
        var washington = new School
        {
            DistrictId = district.Id, Source = RosterSource.Clever, ExternalId = "sch-w", Name = "Washington",
            CreatedAt = now, UpdatedAt = now,
        };
        await Fixture.InsertAsync(washington);
        await Fixture.ImportAsync(district.Id, People());
        // The school the teacher's row names is closed in Twig (its Clever sync deactivated it); the row's hash still matches.
        await Fixture.ExecuteDbContextAsync(db => db.Schools.Where(s => s.Id == washington.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false)));

        var applied = await Fixture.ImportAsync(district.Id, People());

        // The file's "Washington" now stands for a school of its own, so the teacher's links change.
        Assert.Equal((1, 2), (applied.Counts!.Updated, applied.Counts.Unchanged));
        var linked = await Fixture.ExecuteDbContextAsync(db => db.PersonSchools
            .Where(l => l.School!.DistrictId == district.Id && l.SchoolId != washington.Id && l.School.Name == "Washington"
                && l.School.Source == RosterSource.Csv)
            .CountAsync());
        Assert.Equal(1, linked);
        Assert.Equal(["Lincoln", "Washington"], (await StoredAsync(district.Id))["t1"].Schools);
    }

    [Fact]
    public async Task A_row_moved_to_another_school_is_updated_with_its_links()
    {
        var district = await Fixture.InsertDistrictAsync(seats: 10);
        await Fixture.ImportAsync(district.Id, People());

        var applied = await Fixture.ImportAsync(district.Id, People().Replace("bob@example.org,Lincoln", "bob@example.org,Washington"));

        Assert.Equal((1, 2), (applied.Counts!.Updated, applied.Counts.Unchanged));
        Assert.Equal(["Washington"], (await StoredAsync(district.Id))["s2"].Schools);
        var again = await Fixture.ImportAsync(district.Id, People().Replace("bob@example.org,Lincoln", "bob@example.org,Washington"));
        Assert.Equal((0, 3), (again.Counts!.Updated, again.Counts.Unchanged));
    }

    /// <summary>
    /// Stored hashes outlive the code: the row hash must stay the value of FieldHash's layout (the 1 of the seed is the hash's
    /// version), whether a row is hashed in one call or, when its fields are long, through the streaming hasher.
    /// </summary>
    [Theory]
    [InlineData(8)]
    [InlineData(300)]
    public void The_row_hash_is_the_field_layout_hashed_with_its_version(int nameLength)
    {
        var row = new CsvPerson
        {
            Row = 2, UserId = "s1", FirstName = new string('a', nameLength), LastName = "Lovelace", Username = null,
            Role = PersonRoles.Teacher, Email = "ada@example.org", SchoolNames = ["North", "South"],
        };
        int? SchoolId(string name) => name == "North" ? 42 : 7;

        var expected = new XxHash3(1);
        FieldHash.Add(expected, row.FirstName); FieldHash.Add(expected, row.LastName); FieldHash.Add(expected, row.Email);
        FieldHash.AddNull(expected);
        FieldHash.Add(expected, (int)PersonRoles.Teacher);
        FieldHash.Add(expected, 2); FieldHash.Add(expected, 7); FieldHash.Add(expected, 42);

        Assert.Equal(FieldHash.Finish(expected), CsvRowHashes.Of(row, SchoolId));
    }
}
