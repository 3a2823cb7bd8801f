using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Twig.Sandbox.Tests;

/// <summary>
/// Validates JSON payloads against the definitions of Clever's own v3.0 Swagger
/// (<c>shared/reference/clever/v3.0.yml</c>): property names (no field Clever does not define), types,
/// enums, patterns and nullability (null only where <c>x-nullable</c>). The Swagger lists no required
/// properties, so the fields Clever guarantees are listed here.
/// </summary>
public sealed class SwaggerSchema
{
    private static readonly Lazy<SwaggerSchema> Shared = new(() => new SwaggerSchema(FindSpec()));

    private static readonly Dictionary<string, string[]> Guaranteed = new()
    {
        ["District"] = ["id", "name"],
        ["School"] = ["id", "district", "name", "created", "last_modified"],
        ["Section"] = ["id", "district", "school", "name", "students", "teachers", "created", "last_modified"],
        ["User"] = ["id", "district", "name", "roles", "created", "last_modified"],
        ["Student"] = ["sis_id", "school", "schools"],
        ["Teacher"] = ["sis_id", "school", "schools"],
        ["Staff"] = ["staff_id", "schools"],
        ["Contact"] = ["student_relationships"],
        ["Term"] = ["id", "district"],
        ["Course"] = ["id", "district"],
        ["Link"] = ["rel", "uri"],
        ["StudentRelationship"] = ["student"],
    };

    /// <summary>Real Clever envelopes carry <c>uri</c> on items and <c>links</c> on single records; the Swagger omits both.</summary>
    private static readonly string[] EnvelopeExtras = ["uri", "links"];

    private readonly Dictionary<object, object> definitions;

    private SwaggerSchema(string path)
    {
        var yaml = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(path));
        definitions = (Dictionary<object, object>)yaml["definitions"];
    }

    public static SwaggerSchema Instance => Shared.Value;

    public IReadOnlyCollection<string> DefinitionNames => definitions.Keys.Select(k => (string)k).ToArray();

    /// <summary>Walks up from the test's folder to the <c>shared/</c> folder beside the repository.</summary>
    public static string FindSpec()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "reference", "clever", "v3.0.yml");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("shared/reference/clever/v3.0.yml not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Asserts that <paramref name="json"/> matches definition <paramref name="definition"/> (e.g. "UsersResponse").</summary>
    public void AssertValid(string definition, JsonElement json, params string[] extraTopLevel)
    {
        var errors = new List<string>();
        Validate(json, Definition(definition), definition, "$", errors, extraTopLevel);
        Assert.True(errors.Count == 0, $"{definition} payload breaks Clever's Swagger:\n" + string.Join("\n", errors.Take(20)));
    }

    private Dictionary<object, object> Definition(string name) => (Dictionary<object, object>)definitions[name];

    private void Validate(JsonElement value, Dictionary<object, object> schema, string? definitionName, string path, List<string> errors, string[]? extra = null)
    {
        if (schema.TryGetValue("$ref", out var reference))
        {
            var name = ((string)reference).Split('/')[^1];
            if (value.ValueKind == JsonValueKind.Null)
            {
                if (!IsNullable(schema)) errors.Add($"{path}: null but {name} is not x-nullable");
                return;
            }
            Validate(value, Definition(name), name, path, errors);
            return;
        }
        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!IsNullable(schema)) errors.Add($"{path}: null but not x-nullable");
            return;
        }

        var type = schema.TryGetValue("type", out var t) ? (string)t : schema.ContainsKey("properties") ? "object" : null;
        switch (type)
        {
            case "object":
                if (value.ValueKind != JsonValueKind.Object) { errors.Add($"{path}: expected object, got {value.ValueKind}"); return; }
                if (!schema.TryGetValue("properties", out var props)) return; // free-form (ext)
                var properties = (Dictionary<object, object>)props;
                foreach (var property in value.EnumerateObject())
                {
                    if (properties.TryGetValue(property.Name, out var propertySchema))
                        Validate(property.Value, (Dictionary<object, object>)propertySchema, null, path + "." + property.Name, errors);
                    else if (definitionName?.EndsWith("Response", StringComparison.Ordinal) == true && EnvelopeExtras.Contains(property.Name))
                        continue;
                    else if (extra is null || !extra.Contains(property.Name))
                        errors.Add($"{path}.{property.Name}: not defined in {definitionName ?? "schema"}");
                }
                if (definitionName is not null && Guaranteed.TryGetValue(definitionName, out var required))
                {
                    foreach (var name in required.Where(r => !value.TryGetProperty(r, out _))) errors.Add($"{path}.{name}: missing ({definitionName})");
                }
                break;
            case "array":
                if (value.ValueKind != JsonValueKind.Array) { errors.Add($"{path}: expected array, got {value.ValueKind}"); return; }
                var items = (Dictionary<object, object>)schema["items"];
                var index = 0;
                foreach (var item in value.EnumerateArray()) Validate(item, items, null, $"{path}[{index++}]", errors);
                break;
            case "string":
                if (value.ValueKind != JsonValueKind.String) { errors.Add($"{path}: expected string, got {value.ValueKind}"); return; }
                var text = value.GetString()!;
                if (schema.TryGetValue("enum", out var allowed) && !((List<object>)allowed).Select(a => a?.ToString() ?? "").Contains(text))
                    errors.Add($"{path}: '{text}' not in enum");
                if (schema.TryGetValue("pattern", out var pattern) && !Regex.IsMatch(text, (string)pattern))
                    errors.Add($"{path}: '{text}' does not match {pattern}");
                break;
            case "integer":
            case "number":
                if (value.ValueKind != JsonValueKind.Number) errors.Add($"{path}: expected number");
                break;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) errors.Add($"{path}: expected boolean");
                break;
        }
    }

    private static bool IsNullable(Dictionary<object, object> schema) =>
        schema.TryGetValue("x-nullable", out var nullable) && string.Equals(nullable?.ToString(), "true", StringComparison.OrdinalIgnoreCase);
}
