using System.Buffers;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Twig.Sandbox.Mail;

/// <summary>
/// A real SMTP server on 127.0.0.1 (SmtpServer) that keeps what it receives in <see cref="SandboxMailbox"/>.
/// <c>Sandbox:Mail:Port</c> picks the port; 0 takes a free one, published by <see cref="Port"/> once listening.
/// It can be taken down and brought back (same port) to show how Twig's outbox rides out an outage.
/// </summary>
public sealed class SmtpCatcher(SandboxMailbox mailbox, SandboxMailOptions options, ILogger<SmtpCatcher> logger) : IHostedService,
    IDisposable
{
    private readonly object _gate = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SmtpServer.SmtpServer? _server;
    private CancellationTokenSource? _stop;
    private Task _running = Task.CompletedTask;

    /// <summary>The bound port (after the first start), or null before.</summary>
    public int? Port { get; private set; }

    public bool IsUp { get; private set; }

    /// <summary>Completes with the bound port once the server first listens.</summary>
    public Task<int> ListeningPort => _listening.Task;

    public Task StartAsync(CancellationToken cancellationToken) => UpAsync();

    public async Task StopAsync(CancellationToken cancellationToken) => await DownAsync();

    /// <summary>Starts listening (again, on the same port once one was bound).</summary>
    public async Task UpAsync()
    {
        Task<int> started;
        lock (_gate)
        {
            if (IsUp) return;
            var bound = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var endpoint = new IPEndPoint(IPAddress.Loopback, Port ?? options.Port);
            var serverOptions = new SmtpServerOptionsBuilder()
                .ServerName("sandbox-smtp.twig.test")
                .Endpoint(b => b.Endpoint(endpoint).IsSecure(false).AuthenticationRequired(false))
                .Build();
            var listeners = new EndpointListenerFactory();
            listeners.EndpointStarted += (_, e) => bound.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(new Store(mailbox, logger));
            services.Add(listeners);
            _server = new SmtpServer.SmtpServer(serverOptions, services);
            _stop = new CancellationTokenSource();
            var server = _server;
            var stop = _stop.Token;
            _running = Task.Run(async () =>
            {
                try
                {
                    await server.StartAsync(stop);
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception ex)
                {
                    bound.TrySetException(ex);
                    // A taken port is reported once, below, in one line.
                    if (!PortTaken(ex)) logger.LogError(ex, "The sandbox SMTP server stopped");
                }
            }, CancellationToken.None);
            started = bound.Task;
            IsUp = true;
        }
        int port;
        try
        {
            port = await started.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex)
        {
            // Another Twig (or anything) holds the port: carry on without catching mail rather than refuse to start.
            lock (_gate) IsUp = false;
            if (PortTaken(ex))
                logger.LogWarning("The sandbox mail catcher's port 127.0.0.1:{Port} is taken: the catcher is already served elsewhere " +
                                  "(usually by the running web app, see /sandbox/mail there); this process does not catch mail itself.",
                                      Port ?? options.Port);
            else
                logger.LogWarning(ex, "The sandbox SMTP server could not listen on 127.0.0.1:{Port}", Port ?? options.Port);
            return;
        }
        Port = port;
        _listening.TrySetResult(port);
        logger.LogInformation("Sandbox SMTP server listening on 127.0.0.1:{Port}; messages at /sandbox/mail", port);
    }

    /// <summary>Stops listening: connections are refused until <see cref="UpAsync"/>.</summary>
    public async Task DownAsync()
    {
        Task running;
        lock (_gate)
        {
            if (!IsUp) return;
            _server?.Shutdown();
            _stop?.Cancel();
            running = _running;
            IsUp = false;
        }
        try
        {
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The sandbox SMTP server took long to stop");
        }
        if (_server is not null)
        {
            try
            {
                await _server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
            }
        }
    }

    public void Dispose() => _stop?.Dispose();

    private static bool PortTaken(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
                return true;
            if (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(PortTaken)) return true;
        }
        return false;
    }

    private sealed class Store(SandboxMailbox mailbox, ILogger logger) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var to = transaction.To.Select(m => $"{m.User}@{m.Host}").ToList();
            var from = transaction.From is { } f ? $"{f.User}@{f.Host}" : "";
            var mail = mailbox.Add(number => new CaughtMail(number, DateTimeOffset.UtcNow, from, to, message.Subject ?? "",
                message.MessageId, message.TextBody, message.HtmlBody));
            logger.LogInformation("Sandbox SMTP caught message {Number}", mail.Number);
            return SmtpResponse.Ok;
        }
    }
}

/// <summary><c>Sandbox:Mail</c>: the port the SMTP catcher listens on (0 = any free port).</summary>
public sealed class SandboxMailOptions
{
    public bool Enabled { get; set; } = true;
    public int Port { get; set; }
}
