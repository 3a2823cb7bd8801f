using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Twig.Web.Domain;

namespace Twig.Web.Data.Configuration;

internal sealed class DistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> district)
    {
        district.Property(d => d.Name).HasMaxLength(200);
        district.Property(d => d.Slug).HasMaxLength(64);
        district.Property(d => d.GoogleDomains).HasMaxLength(500);
        // Existing districts get Twig's default zone when the column is added.
        district.Property(d => d.TimeZoneId).HasMaxLength(64).HasDefaultValue(District.DefaultTimeZoneId);
        district.HasIndex(d => d.Slug).IsUnique();
        district.Ignore(d => d.ConnectionState);
        district.Ignore(d => d.IsConnected);
        district.Property(d => d.NightlyPauseReason).HasMaxLength(500);
        district.Property(d => d.NightlyPausedBy).HasMaxLength(256);
        district.HasOne(d => d.Subscription).WithOne().HasForeignKey<Subscription>(s => s.DistrictId);
        district.HasOne(d => d.CleverConnection).WithOne(c => c.District).HasForeignKey<CleverConnection>(c => c.DistrictId);
    }
}

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> subscription) =>
        subscription.HasIndex(s => s.DistrictId).IsUnique();
}

internal sealed class CleverConnectionConfiguration : IEntityTypeConfiguration<CleverConnection>
{
    public void Configure(EntityTypeBuilder<CleverConnection> connection)
    {
        connection.Property(c => c.CleverDistrictId).HasMaxLength(64);
        connection.Property(c => c.CleverDistrictName).HasMaxLength(200);
        connection.Property(c => c.DecidedBy).HasMaxLength(256);
        connection.Property(c => c.StateReason).HasMaxLength(500);
        connection.Ignore(c => c.IsLive);
        connection.HasIndex(c => c.CleverDistrictId).IsUnique();
        connection.HasIndex(c => c.DistrictId).IsUnique();
    }
}

internal sealed class TwigUserConfiguration : IEntityTypeConfiguration<TwigUser>
{
    public void Configure(EntityTypeBuilder<TwigUser> user)
    {
        user.Property(u => u.DisplayName).HasMaxLength(200);
        // One owner account per district.
        user.HasIndex(u => u.DistrictId).IsUnique();
        user.HasOne(u => u.District).WithMany().HasForeignKey(u => u.DistrictId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SignInSessionConfiguration : IEntityTypeConfiguration<SignInSession>
{
    public void Configure(EntityTypeBuilder<SignInSession> session)
    {
        session.Property(s => s.Id).HasMaxLength(32);
        session.Property(s => s.UserId).HasMaxLength(450);
        session.HasIndex(s => s.UserId);
        session.HasIndex(s => s.PersonId);
        session.HasIndex(s => s.ExpiresAt);
    }
}
