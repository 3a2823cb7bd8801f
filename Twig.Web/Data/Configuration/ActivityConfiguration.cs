using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Twig.Web.Domain;

namespace Twig.Web.Data.Configuration;

internal sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> run)
    {
        run.Property(r => r.RequestedBy).HasMaxLength(256);
        run.Property(r => r.ClaimedBy).HasMaxLength(200);
        run.Property(r => r.ReviewedBy).HasMaxLength(256);
        run.Property(r => r.Message).HasMaxLength(2000);
        run.Ignore(r => r.IsFinished);
        // The runs of a district by time, and the worker's look-up of queued runs.
        run.HasIndex(r => new { r.DistrictId, r.RequestedAt });
        run.HasIndex(r => new { r.Status, r.RequestedAt });
        // At most one queued-or-running run per district, however many app instances ask or claim at once.
        // Double quotes are standard SQL identifiers on both SQLite and SQL Server.
        run.HasIndex(r => r.DistrictId).IsUnique().HasFilter("\"Status\" IN (1, 2)").HasDatabaseName("IX_SyncRuns_OneActivePerDistrict");
        run.HasOne(r => r.District).WithMany().HasForeignKey(r => r.DistrictId).OnDelete(DeleteBehavior.Cascade);
        run.HasMany(r => r.Counts).WithOne().HasForeignKey(c => c.SyncRunId).OnDelete(DeleteBehavior.Cascade);
        run.HasMany(r => r.Issues).WithOne().HasForeignKey(i => i.SyncRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class HeldDeactivationConfiguration : IEntityTypeConfiguration<HeldDeactivation>
{
    public void Configure(EntityTypeBuilder<HeldDeactivation> held)
    {
        held.Property(h => h.ExternalId).HasMaxLength(100);
        held.Property(h => h.DisplayName).HasMaxLength(400);
        held.HasIndex(h => new { h.SyncRunId, h.EntityType });
        held.HasOne<SyncRun>().WithMany().HasForeignKey(h => h.SyncRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SyncRunCountConfiguration : IEntityTypeConfiguration<SyncRunCount>
{
    public void Configure(EntityTypeBuilder<SyncRunCount> count) =>
        count.HasIndex(c => new { c.SyncRunId, c.EntityType }).IsUnique();
}

internal sealed class SyncIssueConfiguration : IEntityTypeConfiguration<SyncIssue>
{
    public void Configure(EntityTypeBuilder<SyncIssue> issue)
    {
        issue.Property(i => i.ExternalId).HasMaxLength(100);
        issue.Property(i => i.Field).HasMaxLength(100);
        issue.Property(i => i.Message).HasMaxLength(1000);
    }
}

internal sealed class CsvImportConfiguration : IEntityTypeConfiguration<CsvImport>
{
    public void Configure(EntityTypeBuilder<CsvImport> import)
    {
        import.Property(i => i.UploadedBy).HasMaxLength(256);
        import.Property(i => i.FileName).HasMaxLength(260);
        import.Property(i => i.Sha256).HasMaxLength(64);
        import.Property(i => i.ClassesFileName).HasMaxLength(260);
        import.Property(i => i.ClassesSha256).HasMaxLength(64);
        import.Property(i => i.Message).HasMaxLength(2000);
        import.Property(i => i.PreviewJson).HasMaxLength(2000);
        import.HasIndex(i => new { i.DistrictId, i.UploadedAt });
        import.HasOne<District>().WithMany().HasForeignKey(i => i.DistrictId).OnDelete(DeleteBehavior.Cascade);
        import.HasMany(i => i.Issues).WithOne().HasForeignKey(i => i.CsvImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CsvImportIssueConfiguration : IEntityTypeConfiguration<CsvImportIssue>
{
    public void Configure(EntityTypeBuilder<CsvImportIssue> issue)
    {
        issue.Property(i => i.Column).HasMaxLength(100);
        issue.Property(i => i.File).HasMaxLength(100);
        issue.Property(i => i.Message).HasMaxLength(1000);
    }
}

internal sealed class CsvImportFileConfiguration : IEntityTypeConfiguration<CsvImportFile>
{
    public void Configure(EntityTypeBuilder<CsvImportFile> file)
    {
        file.HasKey(f => f.CsvImportId);
        file.HasOne<CsvImport>().WithOne().HasForeignKey<CsvImportFile>(f => f.CsvImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> audit)
    {
        audit.Property(a => a.ActorUserId).HasMaxLength(450);
        audit.Property(a => a.Actor).HasMaxLength(256);
        audit.Property(a => a.Action).HasMaxLength(100);
        audit.Property(a => a.Details).HasMaxLength(4000);
        audit.Property(a => a.IpAddress).HasMaxLength(64);
        audit.HasIndex(a => new { a.DistrictId, a.At });
    }
}
