namespace Twig.Web.Features.OneRosterImport;

public static partial class ImportOneRoster
{
    /// <summary>What a package does to the district, as the preview page, the history and the command line show it.</summary>
    public sealed record Preview
    {
        public int SchoolsCreated { get; init; }
        public int SchoolsUpdated { get; init; }
        public int SchoolsDeactivated { get; init; }
        public int PeopleCreated { get; init; }
        public int PeopleUpdated { get; init; }
        public int PeopleReactivated { get; init; }
        public int PeopleDeactivated { get; init; }
        public int PeopleUnchanged { get; init; }
        public int ClassesCreated { get; init; }
        public int ClassesUpdated { get; init; }
        public int ClassesDeactivated { get; init; }
        public int EnrollmentsAdded { get; init; }
        public int EnrollmentsRemoved { get; init; }
        public int ActiveStudentsAfter { get; init; }
        public int Seats { get; init; }
        public int ThresholdPercent { get; init; }
        /// <summary>The package goes beyond the district's threshold: applying needs exactly <see cref="Confirming"/>'s total
        /// confirmed (the plan decides; a preview stored before this field reads false, and the confirmation then asks for it).
        /// </summary>
        public bool NeedsConfirmation { get; init; }
        /// <summary>What the confirmation names; null in a preview stored before it, which asked for the people only.</summary>
        public ThresholdReview? ToConfirm { get; init; }

        [System.Text.Json.Serialization.JsonIgnore]
        public ThresholdReview Confirming => ToConfirm ?? new ThresholdReview(PeopleDeactivated, 0, 0, 0);
        /// <summary>Whether every roster file sent is a full snapshot.</summary>
        public bool Bulk { get; init; }

        public static Preview Of(OneRosterPackage package, OneRosterPlan plan, OneRosterState state) => new()
        {
            SchoolsCreated = plan.SchoolCreates.Count,
            SchoolsUpdated = plan.SchoolUpdates.Count,
            SchoolsDeactivated = plan.SchoolDeactivations.Count,
            PeopleCreated = plan.Creates.Count,
            PeopleUpdated = plan.Updates.Count - plan.Reactivations,
            PeopleReactivated = plan.Reactivations,
            PeopleDeactivated = plan.Deactivations.Count,
            PeopleUnchanged = plan.Unchanged,
            ClassesCreated = plan.Classes.Creates.Count,
            ClassesUpdated = plan.Classes.Updates.Count,
            ClassesDeactivated = plan.Classes.Deactivations.Count,
            EnrollmentsAdded = plan.Classes.EnrollmentsAdded,
            EnrollmentsRemoved = plan.Classes.EnrollmentsRemoved,
            ActiveStudentsAfter = plan.ActiveStudentsAfter,
            Seats = state.Seats,
            ThresholdPercent = plan.ThresholdPercent,
            NeedsConfirmation = plan.NeedsConfirmation,
            ToConfirm = plan.NeedsConfirmation ? plan.ToConfirm : null,
            Bulk = package.IsBulk,
        };
    }
}
