using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Data.SqlClient;

namespace Twig.Web.Tests.SqlServer;

/// <summary>
/// A <see cref="DbConnection"/> that stands in for SQL Server: it records every command, answers from a
/// <see cref="DryRunServer"/>, and enforces the rules SqlClient applies on the client before anything reaches a server —
/// parameters are real <see cref="SqlParameter"/>s, <c>Prepare</c> runs SqlClient's own parameter check, and a command
/// must carry the connection's pending transaction (SqlClient refuses one that does not).
/// </summary>
public sealed class RecordingConnection(DryRunServer server) : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    internal DryRunServer Server => server;
    internal RecordingTransaction? Pending { get; set; }

    [AllowNull]
    public override string ConnectionString { get; set; } = "Server=dry-run;Database=Twig;Encrypt=True;TrustServerCertificate=True";
    public override string Database => "Twig";
    public override string DataSource => "dry-run";
    public override string ServerVersion => "16.00.4135";
    public override ConnectionState State => _state;

    public override void Open() => _state = ConnectionState.Open;
    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        Open();
        return Task.CompletedTask;
    }

    public override void Close()
    {
        Pending = null;
        _state = ConnectionState.Closed;
    }

    public override void ChangeDatabase(string databaseName) { }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        if (_state != ConnectionState.Open) throw new InvalidOperationException("BeginTransaction requires an open connection.");
        if (Pending is not null) throw new InvalidOperationException("SqlConnection does not support parallel transactions.");
        server.Transactions++;
        Pending = new RecordingTransaction(this, isolationLevel) { Number = server.Transactions };
        return Pending;
    }

    protected override DbCommand CreateDbCommand() => new RecordingCommand(this);
}

public sealed class RecordingTransaction(RecordingConnection connection, IsolationLevel isolationLevel) : DbTransaction
{
    /// <summary>Which of the server's transactions this is (1 for the first begun): commands name it.</summary>
    public int Number { get; init; }

    public override IsolationLevel IsolationLevel => isolationLevel;
    protected override DbConnection DbConnection => connection;

    public override void Commit() => End("commit");
    public override void Rollback() => End("rollback");

    private void End(string what)
    {
        if (connection.Pending != this) throw new InvalidOperationException($"This transaction has completed; it cannot {what}.");
        connection.Pending = null;
    }
}

public sealed class RecordingCommand(RecordingConnection connection) : DbCommand
{
    private static readonly MethodInfo PrepareParameter = typeof(SqlParameter).GetMethod("Prepare", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(SqlCommand)])
        ?? throw new InvalidOperationException("SqlClient's SqlParameter.Prepare(SqlCommand) was not found; the dry-run cannot apply SqlClient's rules.");
    // Owns the parameter collection: the same SqlParameterCollection SqlClient uses, so only SqlParameters can be added.
    private readonly SqlCommand _sql = new();
    private DbConnection? _connection = connection;
    private bool _prepared;

    [AllowNull]
    public override string CommandText { get; set; } = "";
    public override int CommandTimeout { get; set; } = 30;
    public override CommandType CommandType { get; set; } = CommandType.Text;
    public override bool DesignTimeVisible { get; set; }
    public override UpdateRowSource UpdatedRowSource { get; set; }
    protected override DbConnection? DbConnection { get => _connection; set => _connection = value; }
    protected override DbParameterCollection DbParameterCollection => _sql.Parameters;
    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel() { }

    protected override DbParameter CreateDbParameter() => new SqlParameter();

    /// <summary>SqlClient's own check: every parameter explicitly typed, variable-length ones sized, decimals given a scale.</summary>
    public override void Prepare()
    {
        CheckConnectionAndTransaction();
        foreach (SqlParameter parameter in _sql.Parameters)
        {
            try
            {
                PrepareParameter.Invoke(parameter, [_sql]);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw new InvalidOperationException($"{ex.InnerException.Message} (parameter {parameter.ParameterName} of: {CommandText})", ex.InnerException);
            }
        }
        _prepared = true;
    }

    public override Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        Prepare();
        return Task.CompletedTask;
    }

    public override int ExecuteNonQuery()
    {
        var results = Run();
        return results.RowsAffected;
    }

    public override object? ExecuteScalar()
    {
        var results = Run();
        return results.Sets.FirstOrDefault(s => s.Rows.Count > 0) is { } set ? set.Rows[0][0] : null;
    }

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => new ScriptedReader(Run().Sets);

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => Task.FromResult(ExecuteNonQuery());
    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => Task.FromResult(ExecuteScalar());
    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        Task.FromResult(ExecuteDbDataReader(behavior));

    private DryRunResults Run()
    {
        CheckConnectionAndTransaction();
        var parameters = _sql.Parameters.Cast<SqlParameter>().Select(CapturedParameter.From).ToList();
        return connection.Server.Execute(new CapturedCommand(CommandText, parameters, _prepared, Transaction is not null)
        {
            TransactionNumber = (Transaction as RecordingTransaction)?.Number ?? 0,
            Timeout = CommandTimeout,
        });
    }

    private void CheckConnectionAndTransaction()
    {
        if (_connection is not RecordingConnection { State: ConnectionState.Open } open)
            throw new InvalidOperationException("ExecuteReader requires an open and available Connection.");
        if (open.Pending is not null && Transaction != open.Pending)
            throw new InvalidOperationException(
                "ExecuteReader requires the command to have a transaction when the connection assigned to the command is in a pending local transaction. " +
                $"The Transaction property of the command has not been initialized. ({CommandText})");
        if (Transaction is not null && Transaction != open.Pending)
            throw new InvalidOperationException($"The transaction is either not associated with the current connection or has been completed. ({CommandText})");
    }
}

/// <summary>What SqlClient would send for one parameter.</summary>
public sealed record CapturedParameter(string Name, SqlDbType Type, int Size, object? Value)
{
    public static CapturedParameter From(SqlParameter parameter) =>
        new(parameter.ParameterName, parameter.SqlDbType, parameter.Size, parameter.Value is DBNull ? null : parameter.Value);
}

public sealed record CapturedCommand(string Text, IReadOnlyList<CapturedParameter> Parameters, bool Prepared, bool InTransaction)
{
    /// <summary>The command's timeout in seconds, as SqlClient would be told.</summary>
    public int Timeout { get; init; }

    /// <summary>The <see cref="RecordingTransaction.Number"/> the command ran in; 0 outside a transaction.</summary>
    public int TransactionNumber { get; init; }
}
