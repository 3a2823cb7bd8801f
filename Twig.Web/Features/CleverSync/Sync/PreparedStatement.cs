using System.Data.Common;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// One parameterised statement prepared once and executed per row inside the open transaction: the plain,
/// fast way to write hundreds of thousands of rows without tracking an entity for each.
/// Identifiers are double-quoted, which both SQLite and SQL Server accept.
/// </summary>
internal sealed class PreparedStatement : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;
    private bool _prepared;

    public PreparedStatement(DbConnection connection, DbTransaction transaction, string sql, params string[] parameterNames)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _command.CommandTimeout = 0;
        _parameters = parameterNames.Select(name =>
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + name;
            _command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
    }

    public async Task<int> ExecuteAsync(CancellationToken ct, params object?[] values)
    {
        for (var i = 0; i < _parameters.Length; i++) _parameters[i].Value = values[i] ?? DBNull.Value;
        if (!_prepared)
        {
            await _command.PrepareAsync(ct);
            _prepared = true;
        }
        return await _command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs an INSERT that returns the new row's id (RETURNING / OUTPUT).</summary>
    public async Task<int> InsertAsync(CancellationToken ct, params object?[] values)
    {
        for (var i = 0; i < _parameters.Length; i++) _parameters[i].Value = values[i] ?? DBNull.Value;
        if (!_prepared)
        {
            await _command.PrepareAsync(ct);
            _prepared = true;
        }
        return Convert.ToInt32(await _command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
