using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Twig.Sandbox.Tests;

/// <summary>
/// Validates JSON payloads against the definitions of Clever's own v3.0 Swagger
/// (<c>shared/reference/clever/v3.0.yml</c>): property names (no field Clever does not define), types,
/// enums, patterns and nullability (null only where <c>x-nullable</c>). The Swagger lists no required
/// properties, so the fields Clever guarantees are listed here. <see cref="Events"/> reads the Events API's own
/// Swagger (<c>v3.0-events.yml</c>), whose event types are <c>allOf</c> compositions picked by the <c>type</c> discriminator.
/// </summary>
public sealed class SwaggerSchema
{
    private static readonly Lazy<SwaggerSchema> Shared = new(() => new SwaggerSchema(FindSpec()));
    private static readonly Lazy<SwaggerSchema> SharedEvents = new(() => new SwaggerSchema(FindSpec("v3.0-events.yml")));

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
        ["Event"] = ["id", "type", "created"],
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

    /// <summary>The Events API Swagger (<c>v3.0-events.yml</c>).</summary>
    public static SwaggerSchema Events => SharedEvents.Value;

    public IReadOnlyCollection<string> DefinitionNames => definitions.Keys.Select(k => (string)k).ToArray();

    /// <summary>Walks up from the test's folder to the <c>shared/</c> folder beside the repository.</summary>
    public static string FindSpec(string file = "v3.0.yml")
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", "reference", "clever", file);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"shared/reference/clever/{file} not found above " + AppContext.BaseDirectory);
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
        // An event names its own definition ("users.updated") in its discriminator property.
        if (schema.TryGetValue("discriminator", out var discriminator) && value.ValueKind == JsonValueKind.Object
            && value.TryGetProperty((string)discriminator, out var kind) && kind.ValueKind == JsonValueKind.String
            && kind.GetString() is { } kindName && kindName != definitionName && definitions.ContainsKey(kindName))
        {
            Validate(value, Definition(kindName), kindName, path, errors, extra);
            return;
        }
        if (schema.TryGetValue("allOf", out var parts))
        {
            Validate(value, Merged((List<object>)parts), definitionName, path, errors, extra);
            if (definitionName is not null && Guaranteed.TryGetValue("Event", out var eventFields) && ((List<object>)parts).Any(IsEventRef))
            {
                foreach (var name in eventFields.Where(r => !value.TryGetProperty(r, out _))) errors.Add($"{path}.{name}: missing (Event)");
            }
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
                    else if (definitionName?.EndsWith("Object", StringComparison.Ordinal) == true && property.Name == "previous_attributes")
                    {
                        // Recorded traffic carries previous_attributes inside data, beside object; the Swagger puts it one level
                        // up. Either way it is a free-form object of old values.
                        if (property.Value.ValueKind != JsonValueKind.Object) errors.Add($"{path}.previous_attributes: expected object");
                    }
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

    /// <summary>The properties of every part of an <c>allOf</c>, references resolved, as one object schema.</summary>
    private Dictionary<object, object> Merged(List<object> parts)
    {
        var properties = new Dictionary<object, object>();
        foreach (Dictionary<object, object> part in parts)
        {
            var resolved = part.TryGetValue("$ref", out var reference) ? Definition(((string)reference).Split('/')[^1]) : part;
            if (resolved.TryGetValue("properties", out var props))
                foreach (var (name, schema) in (Dictionary<object, object>)props) properties[name] = schema;
        }
        return new Dictionary<object, object> { ["type"] = "object", ["properties"] = properties };
    }

    private static bool IsEventRef(object part) =>
        part is Dictionary<object, object> d && d.TryGetValue("$ref", out var r) && (string)r == "#/definitions/Event";

    private static bool IsNullable(Dictionary<object, object> schema) =>
        schema.TryGetValue("x-nullable", out var nullable) && string.Equals(nullable?.ToString(), "true", StringComparison.OrdinalIgnoreCase);
}
