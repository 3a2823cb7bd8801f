using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Domain;

namespace Twig.Web.Data;

/// <summary>
/// The whole model. Each database engine has a sealed subclass that owns its migrations,
/// so the model is written once and migrated per provider.
/// </summary>
public abstract class TwigDb(DbContextOptions options) : IdentityDbContext<TwigUser>(options), IDataProtectionKeyContext
{
    public DbSet<District> Districts => Set<District>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<CleverConnection> CleverConnections => Set<CleverConnection>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<PersonSchool> PersonSchools => Set<PersonSchool>();
    public DbSet<Section> Sections => Set<Section>();
    public DbSet<Enrollment> Enrollments => Set<Enrollment>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<SyncRunCount> SyncRunCounts => Set<SyncRunCount>();
    public DbSet<SyncIssue> SyncIssues => Set<SyncIssue>();
    public DbSet<HeldDeactivation> HeldDeactivations => Set<HeldDeactivation>();
    public DbSet<CsvImport> CsvImports => Set<CsvImport>();
    public DbSet<CsvImportIssue> CsvImportIssues => Set<CsvImportIssue>();
    public DbSet<CsvImportFile> CsvImportFiles => Set<CsvImportFile>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationMute> NotificationMutes => Set<NotificationMute>();
    public DbSet<LicenceAlert> LicenceAlerts => Set<LicenceAlert>();
    public DbSet<DistrictDeletion> DistrictDeletions => Set<DistrictDeletion>();
    public DbSet<DistrictExport> DistrictExports => Set<DistrictExport>();
    public DbSet<DistrictExportFile> DistrictExportFiles => Set<DistrictExportFile>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<SignInSession> SignInSessions => Set<SignInSession>();
    public DbSet<UsedSignInCode> UsedSignInCodes => Set<UsedSignInCode>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(TwigDb).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; reading it back must say so, whatever the engine stored.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
