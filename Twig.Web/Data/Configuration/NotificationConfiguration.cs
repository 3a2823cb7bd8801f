using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Twig.Web.Domain;

namespace Twig.Web.Data.Configuration;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.Property(n => n.RecipientUserId).HasMaxLength(450);
        notification.Property(n => n.RecipientEmail).HasMaxLength(256);
        notification.Property(n => n.Subject).HasMaxLength(300);
        notification.Property(n => n.Link).HasMaxLength(500);
        notification.Property(n => n.IdempotencyKey).HasMaxLength(200);
        notification.Property(n => n.ClaimedBy).HasMaxLength(200);
        notification.Property(n => n.LastError).HasMaxLength(1000);
        notification.HasIndex(n => n.IdempotencyKey).IsUnique();
        // The dispatcher's look-up of due rows, and a person's list.
        notification.HasIndex(n => new { n.Status, n.NextAttemptAt });
        notification.HasIndex(n => new { n.RecipientUserId, n.CreatedAt });
        notification.HasOne<District>().WithMany().HasForeignKey(n => n.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationMuteConfiguration : IEntityTypeConfiguration<NotificationMute>
{
    public void Configure(EntityTypeBuilder<NotificationMute> mute)
    {
        mute.HasKey(m => new { m.UserId, m.Kind });
        mute.Property(m => m.UserId).HasMaxLength(450);
        mute.HasOne<TwigUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LicenceAlertConfiguration : IEntityTypeConfiguration<LicenceAlert>
{
    public void Configure(EntityTypeBuilder<LicenceAlert> alert)
    {
        alert.HasKey(a => a.DistrictId);
        alert.Property(a => a.DistrictId).ValueGeneratedNever();
        alert.HasOne<District>().WithMany().HasForeignKey(a => a.DistrictId).OnDelete(DeleteBehavior.Cascade);
    }
}
