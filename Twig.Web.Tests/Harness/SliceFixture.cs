using Mediator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Respawn;
using Twig.Web.Data;

namespace Twig.Web.Tests.Harness;

[CollectionDefinition(nameof(SliceFixture))]
public sealed class SliceCollection : ICollectionFixture<SliceFixture>, ICollectionFixture<BrowserFixture>;

/// <summary>
/// One running Twig for the whole test collection; the database is wiped before every test
/// (<see cref="SliceTest"/>), so each test arranges exactly the data it asserts on. The engine is
/// <see cref="TestDatabase.Provider"/>: SQLite unless the environment names a SQL Server.
/// </summary>
public sealed class SliceFixture : IAsyncLifetime
{
    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"twig-tests-{Guid.NewGuid():N}.db");
    private readonly IReadOnlyDictionary<string, string?>? _overrides;
    private readonly Action<IServiceCollection>? _services;
    private Respawner _respawner = null!;

    public SliceFixture()
    {
    }

    /// <summary>An app of its own, for a test class that needs other settings or services (e.g. a fake clock).</summary>
    internal SliceFixture(IReadOnlyDictionary<string, string?>? overrides, Action<IServiceCollection>? services)
    {
        _overrides = overrides;
        _services = services;
    }

    public TwigFactory Factory { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => Factory.Services;
    public string ConnectionString => TestDatabase.ConnectionString(_databasePath);

    public async Task InitializeAsync()
    {
        Factory = new TwigFactory(_databasePath, _overrides, _services);
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);

        await using var connection = await TestDatabase.OpenAsync(_databasePath);
        _respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
        {
            DbAdapter = TestDatabase.RespawnAdapter,
            TablesToIgnore = ["__EFMigrationsHistory", "__EFMigrationsLock"],
        });
    }

    public async Task ResetDatabaseAsync()
    {
        await using var connection = await TestDatabase.OpenAsync(_databasePath);
        await _respawner.ResetAsync(connection);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        TestDatabase.Delete(_databasePath);
    }

    public TwigSession CreateSession() => new(BaseAddress);

    public async Task ExecuteScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    public async Task<T> ExecuteScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task ExecuteDbContextAsync(Func<TwigDb, Task> action) =>
        ExecuteScopeAsync(sp => action(sp.GetRequiredService<TwigDb>()));

    public Task<T> ExecuteDbContextAsync<T>(Func<TwigDb, Task<T>> action) =>
        ExecuteScopeAsync(sp => action(sp.GetRequiredService<TwigDb>()));

    public Task InsertAsync(params object[] entities) =>
        ExecuteDbContextAsync(async db =>
        {
            db.AddRange(entities);
            await db.SaveChangesAsync();
        });

    public Task<T?> FindAsync<T>(params object[] keys) where T : class =>
        ExecuteDbContextAsync(db => db.Set<T>().FindAsync(keys).AsTask());

    public Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command) =>
        ExecuteScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());

    public Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query) =>
        ExecuteScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(query).AsTask());

    public Task SendAsync(ICommand command) =>
        ExecuteScopeAsync(sp => sp.GetRequiredService<IMediator>().Send(command).AsTask());

    public Task<int> CountAsync<T>() where T : class => ExecuteDbContextAsync(db => db.Set<T>().CountAsync());
}
