namespace Twig.Web.Tests.Harness;

/// <summary>Base of every test that touches the app: a clean database before each test.</summary>
[Collection(nameof(SliceFixture))]
public abstract class SliceTest(SliceFixture fixture) : IAsyncLifetime
{
    protected SliceFixture Fixture { get; } = fixture;

    public virtual Task InitializeAsync() => Fixture.ResetDatabaseAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
