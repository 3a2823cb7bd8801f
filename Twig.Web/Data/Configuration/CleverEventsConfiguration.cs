using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Twig.Web.Domain;

namespace Twig.Web.Data.Configuration;

/// <summary>Clever events mode: the per-district switch and cursor, and the mode each run used.</summary>
internal sealed class CleverEventsDistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> district)
    {
        // Clever event ids are 24-hex ObjectIds; the column leaves room without inviting anything else.
        district.Property(d => d.CleverLastEventId).HasMaxLength(64);
    }
}

internal sealed class CleverEventsRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> run) => run.Property(r => r.ModeReason).HasMaxLength(500);
}
