namespace Twig.Sandbox.Generation;

/// <summary>What a record ordinal stands for. Ordinals follow creation order, in this order of kinds.</summary>
public enum RecordKind
{
    School,
    Term,
    Course,
    DistrictAdmin,
    Staff,
    Teacher,
    Student,
    Contact,
    Section,
}

internal static class RecordKindExtensions
{
    public static bool IsUser(this RecordKind kind) =>
        kind is RecordKind.DistrictAdmin or RecordKind.Staff or RecordKind.Teacher or RecordKind.Student or RecordKind.Contact;
}
