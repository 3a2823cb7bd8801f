using Twig.Web.Data.Imports;
using Twig.Web.Domain;
using Twig.Web.Features.UsersCsvImport;
using static Twig.Web.Features.UsersCsvImport.Review;

namespace Twig.Web.Tests.UsersCsvImport;

/// <summary>
/// The confirmation's rule matrix (<see cref="ConfirmRefusal"/>), decided on plans held in memory: a file that no longer fits,
/// class deactivations and archives above the district's threshold, and the numbers a confirmation carries. The HTTP tests
/// keep one path each (ImportTests, ClassesThresholdTests); every combination is here.
/// </summary>
public sealed class ConfirmRefusalTests
{
    private const int Active = 10;
    private const int ThresholdPercent = 10;

    [Theory]
    // error | archived | deactivated | confirmed archive | confirmed classes | refusal
    [InlineData(false, 1, 1, null, null, "none")]
    [InlineData(false, 2, 0, null, null, "people")]
    [InlineData(false, 2, 0, 1, null, "people")]
    [InlineData(false, 2, 0, 2, null, "none")]
    [InlineData(false, 0, 2, null, null, "classes")]
    [InlineData(false, 0, 2, null, 3, "classes")]
    [InlineData(false, 0, 2, null, 2, "none")]
    [InlineData(false, 2, 2, 2, null, "classes")]
    [InlineData(false, 2, 2, null, 2, "people")]
    [InlineData(false, 2, 2, 2, 2, "none")]
    [InlineData(true, 0, 0, null, null, "failed")]
    [InlineData(true, 2, 2, 2, 2, "failed")]
    public void A_confirmation_applies_only_a_fitting_file_whose_archives_and_deactivations_above_the_threshold_are_confirmed(
        bool fileError, int archived, int deactivated, int? confirmedArchive, int? confirmedClasses, string refusal)
    {
        var plans = Plans(fileError, archived, deactivated);

        var result = ConfirmRefusal.Of(plans, new Command(1, 1, confirmedArchive, confirmedClasses));

        var expected = refusal switch
        {
            "failed" => ApplyOutcome.Failed,
            "people" or "classes" => ApplyOutcome.NeedsArchiveConfirmation,
            _ => (ApplyOutcome?)null,
        };
        Assert.Equal(expected, result?.Outcome);
        if (refusal == "people") Assert.Contains($"archives {archived} people", result!.Message, StringComparison.Ordinal);
        if (refusal == "classes") Assert.Contains($"deactivates {deactivated} of", result!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_classes_only_upload_is_never_refused_for_archives()
    {
        var plans = Plans(fileError: false, archived: 0, deactivated: 1, withPeople: false);

        Assert.Null(ConfirmRefusal.Of(plans, new Command(1, 1, ConfirmedArchiveCount: null)));
    }

    /// <summary>
    /// A district of <see cref="Active"/> active CSV people and classes; the upload keeps all but <paramref name="archived"/>
    /// people and <paramref name="deactivated"/> classes.
    /// </summary>
    private static UploadPlans Plans(bool fileError, int archived, int deactivated, bool withPeople = true)
    {
        var people = Enumerable.Range(1, Active).Select(i => new ExistingPerson
        {
            Id = i, ExternalId = $"s{i}", FirstName = "Ada", LastName = "Lovelace", Roles = PersonRoles.Student, IsActive = true,
        }).ToList();
        var district = new DistrictState
        {
            DistrictId = 1,
            ThresholdPercent = ThresholdPercent,
            CsvPeople = people.ToDictionary(p => p.ExternalId, StringComparer.Ordinal),
            Usernames = new Dictionary<string, string?>(StringComparer.Ordinal),
            Schools = new Dictionary<string, int>(StringComparer.Ordinal) { [RosterFields.Normalize("Lincoln")] = 7 },
            ArchivedCsvSchools = new Dictionary<string, int>(StringComparer.Ordinal),
            ActiveStudentsFromOtherSources = 0,
        };
        var rows = people.Skip(archived)
            .Select(p => new CsvPerson
            {
                Row = 2, UserId = p.ExternalId, FirstName = "Ada", LastName = "Lovelace", Role = PersonRoles.Student,
            })
            .ToList();
        ImportIssue[] issues = fileError ? [new ImportIssue(IssueSeverity.Error, 2, UsersCsv.Username, "username is taken.")] : [];
        var file = new ParsedFile(rows, issues, rows.Count);
        var plan = withPeople ? ImportPlan.Build(file, district) : null;

        var sections = Enumerable.Range(1, Active).ToDictionary(i => $"c{i}", i => new ExistingSection
        {
            Id = i, ExternalId = $"c{i}", Name = $"Class {i}", SchoolId = 7, IsActive = true,
        }, StringComparer.Ordinal);
        var existing = new ClassState
        {
            DistrictId = 1, Source = RosterSource.Csv, Sections = sections, Enrollments = new(),
        };
        var classRows = sections.Values.Skip(deactivated)
            .Select(s => new ClassRow
            {
                Row = 2,
                ClassId = s.ExternalId,
                Name = s.Name,
                School = "Lincoln",
                Grade = null,
                Subject = null,
                TeacherIds = [],
                StudentIds = [],
            })
            .ToList();
        var classes = ClassPlan.Build(classRows, [], CsvClasses.Input(district, existing, withPeople ? file : null, plan));
        return new UploadPlans
        {
            District = district, Users = withPeople ? file : null, People = plan,
            ClassesFile = new ParsedClasses(classRows, [], classRows.Count), Classes = classes,
        };
    }
}
