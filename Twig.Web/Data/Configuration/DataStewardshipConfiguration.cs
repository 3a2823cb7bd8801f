using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Twig.Web.Domain;

namespace Twig.Web.Data.Configuration;

internal sealed class DistrictDeletionConfiguration : IEntityTypeConfiguration<DistrictDeletion>
{
    public void Configure(EntityTypeBuilder<DistrictDeletion> deletion)
    {
        deletion.Property(d => d.RequestedBy).HasMaxLength(256);
        deletion.Property(d => d.CancelledBy).HasMaxLength(256);
        deletion.Property(d => d.CompletedBy).HasMaxLength(256);
        deletion.Property(d => d.ExportSha256).HasMaxLength(64);
        deletion.HasIndex(d => new { d.DistrictId, d.RequestedAt });
        // The job's look-up of deletions that are due.
        deletion.HasIndex(d => new { d.Status, d.DueAt });
        deletion.HasOne<District>().WithMany().HasForeignKey(d => d.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DistrictExportConfiguration : IEntityTypeConfiguration<DistrictExport>
{
    public void Configure(EntityTypeBuilder<DistrictExport> export)
    {
        export.Property(e => e.RequestedBy).HasMaxLength(256);
        export.Property(e => e.ClaimedBy).HasMaxLength(200);
        export.Property(e => e.Sha256).HasMaxLength(64);
        export.Property(e => e.Message).HasMaxLength(1000);
        export.HasIndex(e => new { e.DistrictId, e.RequestedAt });
        export.HasIndex(e => new { e.Status, e.RequestedAt });
        export.HasOne<District>().WithMany().HasForeignKey(e => e.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DistrictExportFileConfiguration : IEntityTypeConfiguration<DistrictExportFile>
{
    public void Configure(EntityTypeBuilder<DistrictExportFile> file)
    {
        file.HasKey(f => f.DistrictExportId);
        file.Property(f => f.DistrictExportId).ValueGeneratedNever();
        file.HasOne<DistrictExport>().WithOne().HasForeignKey<DistrictExportFile>(f => f.DistrictExportId).OnDelete(DeleteBehavior.Cascade);
    }
}
