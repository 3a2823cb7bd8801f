using System.Text.Json.Serialization;

namespace Twig.Sandbox.Model;

/// <summary>Source-generated serialization: no reflection per record while streaming large pages.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CleverDistrict))]
[JsonSerializable(typeof(CleverSchool))]
[JsonSerializable(typeof(CleverTerm))]
[JsonSerializable(typeof(CleverCourse))]
[JsonSerializable(typeof(CleverSection))]
[JsonSerializable(typeof(CleverUser))]
internal sealed partial class SandboxJsonContext : JsonSerializerContext;
