using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Twig.Web.Domain;

namespace Twig.Web.Data.Configuration;

internal static class RosteredRecordConfiguration
{
    /// <summary>Every rostered record is found by its key in its source, within its district.</summary>
    public static void ConfigureRostered<T>(this EntityTypeBuilder<T> record) where T : RosteredRecord
    {
        record.Property(r => r.ExternalId).HasMaxLength(100);
        record.HasIndex(r => new { r.DistrictId, r.Source, r.ExternalId }).IsUnique();
        record.HasOne<District>().WithMany().HasForeignKey(r => r.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> school)
    {
        school.ConfigureRostered();
        school.Property(s => s.Name).HasMaxLength(300);
        school.Property(s => s.SisId).HasMaxLength(100);
        school.Property(s => s.SchoolNumber).HasMaxLength(100);
        school.Property(s => s.LowGrade).HasMaxLength(40);
        school.Property(s => s.HighGrade).HasMaxLength(40);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> person)
    {
        person.ConfigureRostered();
        person.Ignore(p => p.DisplayName);
        person.Property(p => p.FirstName).HasMaxLength(200);
        person.Property(p => p.MiddleName).HasMaxLength(200);
        person.Property(p => p.LastName).HasMaxLength(200);
        person.Property(p => p.Email).HasMaxLength(320);
        person.Property(p => p.NormalizedEmail).HasMaxLength(320);
        person.Property(p => p.SisId).HasMaxLength(100);
        person.Property(p => p.StateId).HasMaxLength(100);
        person.Property(p => p.StudentNumber).HasMaxLength(100);
        person.Property(p => p.Grade).HasMaxLength(40);
        person.Property(p => p.Username).HasMaxLength(200);
        person.Property(p => p.NormalizedUsername).HasMaxLength(200);
        person.Property(p => p.PasswordHash).HasMaxLength(500);
        person.Property(p => p.GoogleSubject).HasMaxLength(100);
        person.Property(p => p.GoogleEmail).HasMaxLength(320);
        // Seat counting: the active students of a district.
        person.HasIndex(p => new { p.DistrictId, p.IsActive, p.Roles });
        person.HasIndex(p => new { p.DistrictId, p.NormalizedUsername }).IsUnique();
        person.HasIndex(p => p.NormalizedEmail);
        person.HasIndex(p => p.GoogleSubject);
        person.HasMany(p => p.Schools).WithOne().HasForeignKey(s => s.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PersonSchoolConfiguration : IEntityTypeConfiguration<PersonSchool>
{
    public void Configure(EntityTypeBuilder<PersonSchool> link)
    {
        link.HasKey(l => new { l.PersonId, l.SchoolId });
        link.HasIndex(l => l.SchoolId);
        link.HasOne(l => l.School).WithMany().HasForeignKey(l => l.SchoolId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class SectionConfiguration : IEntityTypeConfiguration<Section>
{
    public void Configure(EntityTypeBuilder<Section> section)
    {
        section.ConfigureRostered();
        section.Property(s => s.Name).HasMaxLength(300);
        section.Property(s => s.Subject).HasMaxLength(100);
        section.Property(s => s.Grade).HasMaxLength(40);
        section.Property(s => s.Period).HasMaxLength(100);
        section.Property(s => s.SisId).HasMaxLength(100);
        section.HasIndex(s => s.SchoolId);
        section.HasOne(s => s.School).WithMany().HasForeignKey(s => s.SchoolId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class EnrollmentConfiguration : IEntityTypeConfiguration<Enrollment>
{
    public void Configure(EntityTypeBuilder<Enrollment> enrollment)
    {
        // A database default, so writers that do not know the column (Clever's bulk inserts, raw SQL) still insert "not primary".
        enrollment.Property(e => e.IsPrimary).HasDefaultValue(false);
        enrollment.HasIndex(e => new { e.SectionId, e.PersonId, e.Role }).IsUnique();
        enrollment.HasIndex(e => new { e.PersonId, e.IsActive });
        enrollment.HasIndex(e => e.DistrictId);
        enrollment.HasOne(e => e.Section).WithMany(s => s.Enrollments).HasForeignKey(e => e.SectionId).OnDelete(DeleteBehavior.Cascade);
        enrollment.HasOne(e => e.Person).WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.NoAction);
    }
}
