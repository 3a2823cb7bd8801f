using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>The column lengths the fetched values must fit, from the model.</summary>
internal static class FetchLimits
{
    public static readonly int SchoolName = ColumnLimits.Of<School>(nameof(School.Name));
    public static readonly int SchoolSisId = ColumnLimits.Of<School>(nameof(School.SisId));
    public static readonly int SchoolNumber = ColumnLimits.Of<School>(nameof(School.SchoolNumber));
    public static readonly int SchoolGrade =
        Math.Min(ColumnLimits.Of<School>(nameof(School.LowGrade)), ColumnLimits.Of<School>(nameof(School.HighGrade)));
    public static readonly int FirstName = ColumnLimits.Of<Person>(nameof(Person.FirstName));
    public static readonly int MiddleName = ColumnLimits.Of<Person>(nameof(Person.MiddleName));
    public static readonly int LastName = ColumnLimits.Of<Person>(nameof(Person.LastName));
    public static readonly int Email =
        Math.Min(ColumnLimits.Of<Person>(nameof(Person.Email)), ColumnLimits.Of<Person>(nameof(Person.NormalizedEmail)));
    public static readonly int PersonSisId = ColumnLimits.Of<Person>(nameof(Person.SisId));
    public static readonly int StateId = ColumnLimits.Of<Person>(nameof(Person.StateId));
    public static readonly int StudentNumber = ColumnLimits.Of<Person>(nameof(Person.StudentNumber));
    public static readonly int PersonGrade = ColumnLimits.Of<Person>(nameof(Person.Grade));
    public static readonly int SectionExternalId = ColumnLimits.Of<Section>(nameof(Section.ExternalId));
    public static readonly int SectionName = ColumnLimits.Of<Section>(nameof(Section.Name));
    public static readonly int Subject = ColumnLimits.Of<Section>(nameof(Section.Subject));
    public static readonly int SectionGrade = ColumnLimits.Of<Section>(nameof(Section.Grade));
    public static readonly int Period = ColumnLimits.Of<Section>(nameof(Section.Period));
    public static readonly int SectionSisId = ColumnLimits.Of<Section>(nameof(Section.SisId));
}
