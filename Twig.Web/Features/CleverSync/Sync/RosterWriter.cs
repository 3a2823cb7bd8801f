using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Twig.Web.Data;
using Twig.Web.Domain;

namespace Twig.Web.Features.CleverSync.Sync;

/// <summary>
/// Writes a plan inside the caller's transaction. Rows are written with prepared statements (no change
/// tracking), in dependency order: schools, people and their school links, sections, enrollments.
/// </summary>
public sealed class RosterWriter(TwigDb db)
{
    public async Task ApplyAsync(int districtId, SyncPlan plan, DateTime now, ISyncProgress progress, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("A roster is only ever written inside a transaction.");
        var total = plan.SchoolsToCreate.Count + plan.SchoolsToUpdate.Count + plan.PeopleToCreate.Count + plan.PeopleToUpdate.Count
                    + plan.PeopleWithNewSchoolLinks.Count + plan.SectionsToCreate.Count + plan.SectionsToUpdate.Count
                    + plan.EnrollmentsToCreate.Count + plan.EnrollmentsToReactivate.Count + plan.Deactivations.Values.Sum(d => d.Count);
        await progress.PhaseAsync(SyncPhase.Applying, total);
        var done = 0;
        var reportEvery = Math.Max(1, total / 100);
        void Step()
        {
            if (++done % reportEvery == 0) progress.Advanced(done);
        }

        var clever = (int)RosterSource.Clever;
        // Twig ids by Clever id: what the plan found, plus each row as it is inserted (no read-back).
        var schoolIds = plan.SchoolIds;
        var personIds = plan.PersonIds;
        var sectionIds = plan.SectionIds;
        var sqlServer = db.Database.ProviderName?.Contains("SqlServer", StringComparison.Ordinal) == true;
        string Returning(string insert) => sqlServer
            ? insert.Replace(") VALUES (", ") OUTPUT INSERTED.\"Id\" VALUES (", StringComparison.Ordinal)
            : insert + " RETURNING \"Id\"";

        await using (var insert = new PreparedStatement(connection, transaction,
            Returning("""INSERT INTO "Schools" ("DistrictId","Source","ExternalId","Name","SisId","SchoolNumber","LowGrade","HighGrade","IsActive","CreatedAt","UpdatedAt") VALUES (@d,@s,@x,@n,@sis,@num,@lo,@hi,@a,@t,@t)"""),
            "d", "s", "x", "n", "sis", "num", "lo", "hi", "a", "t"))
            foreach (var s in plan.SchoolsToCreate) { schoolIds[s.Id] = await insert.InsertAsync(ct, districtId, clever, s.Id, s.Name, s.SisId, s.SchoolNumber, s.LowGrade, s.HighGrade, true, now); Step(); }
        await using (var update = new PreparedStatement(connection, transaction,
            """UPDATE "Schools" SET "Name"=@n,"SisId"=@sis,"SchoolNumber"=@num,"LowGrade"=@lo,"HighGrade"=@hi,"IsActive"=@a,"DeactivatedAt"=NULL,"UpdatedAt"=@t WHERE "Id"=@id""",
            "n", "sis", "num", "lo", "hi", "a", "t", "id"))
            foreach (var (id, s) in plan.SchoolsToUpdate) { await update.ExecuteAsync(ct, s.Name, s.SisId, s.SchoolNumber, s.LowGrade, s.HighGrade, true, now, id); Step(); }

        await using (var insert = new PreparedStatement(connection, transaction,
            Returning("""INSERT INTO "People" ("DistrictId","Source","ExternalId","FirstName","MiddleName","LastName","Email","NormalizedEmail","SisId","StateId","StudentNumber","Grade","Roles","AccessFailedCount","IsActive","CreatedAt","UpdatedAt") VALUES (@d,@s,@x,@f,@m,@l,@e,@ne,@sis,@st,@sn,@g,@r,0,@a,@t,@t)"""),
            "d", "s", "x", "f", "m", "l", "e", "ne", "sis", "st", "sn", "g", "r", "a", "t"))
            foreach (var p in plan.PeopleToCreate)
            {
                personIds[p.Id] = await insert.InsertAsync(ct, districtId, clever, p.Id, p.FirstName, p.MiddleName, p.LastName, p.Email, p.Email?.ToUpperInvariant(),
                    p.SisId, p.StateId, p.StudentNumber, p.Grade, (int)p.Roles, true, now);
                Step();
            }
        await using (var update = new PreparedStatement(connection, transaction,
            """UPDATE "People" SET "FirstName"=@f,"MiddleName"=@m,"LastName"=@l,"Email"=@e,"NormalizedEmail"=@ne,"SisId"=@sis,"StateId"=@st,"StudentNumber"=@sn,"Grade"=@g,"Roles"=@r,"IsActive"=@a,"DeactivatedAt"=NULL,"UpdatedAt"=@t WHERE "Id"=@id""",
            "f", "m", "l", "e", "ne", "sis", "st", "sn", "g", "r", "a", "t", "id"))
            foreach (var (id, p) in plan.PeopleToUpdate)
            {
                await update.ExecuteAsync(ct, p.FirstName, p.MiddleName, p.LastName, p.Email, p.Email?.ToUpperInvariant(), p.SisId, p.StateId,
                    p.StudentNumber, p.Grade, (int)p.Roles, true, now, id);
                Step();
            }

        await using (var unlink = new PreparedStatement(connection, transaction, """DELETE FROM "PersonSchools" WHERE "PersonId"=@p""", "p"))
        await using (var link = new PreparedStatement(connection, transaction, """INSERT INTO "PersonSchools" ("PersonId","SchoolId") VALUES (@p,@s)""", "p", "s"))
            foreach (var person in plan.PeopleWithNewSchoolLinks)
            {
                var personId = personIds[person.Id];
                await unlink.ExecuteAsync(ct, personId);
                foreach (var school in person.SchoolIds) await link.ExecuteAsync(ct, personId, schoolIds[school]);
                Step();
            }

        await using (var insert = new PreparedStatement(connection, transaction,
            Returning("""INSERT INTO "Sections" ("DistrictId","Source","ExternalId","SchoolId","Name","Subject","Grade","Period","SisId","IsActive","CreatedAt","UpdatedAt") VALUES (@d,@s,@x,@sc,@n,@sub,@g,@per,@sis,@a,@t,@t)"""),
            "d", "s", "x", "sc", "n", "sub", "g", "per", "sis", "a", "t"))
            foreach (var s in plan.SectionsToCreate)
            {
                sectionIds[s.Id] = await insert.InsertAsync(ct, districtId, clever, s.Id, SchoolId(s), s.Name, s.Subject, s.Grade, s.Period, s.SisId, true, now);
                Step();
            }
        await using (var update = new PreparedStatement(connection, transaction,
            """UPDATE "Sections" SET "SchoolId"=@sc,"Name"=@n,"Subject"=@sub,"Grade"=@g,"Period"=@per,"SisId"=@sis,"IsActive"=@a,"DeactivatedAt"=NULL,"UpdatedAt"=@t WHERE "Id"=@id""",
            "sc", "n", "sub", "g", "per", "sis", "a", "t", "id"))
            foreach (var (id, s) in plan.SectionsToUpdate)
            {
                await update.ExecuteAsync(ct, SchoolId(s), s.Name, s.Subject, s.Grade, s.Period, s.SisId, true, now, id);
                Step();
            }

        await using (var insert = new PreparedStatement(connection, transaction,
            """INSERT INTO "Enrollments" ("DistrictId","Source","SectionId","PersonId","Role","IsActive","CreatedAt","UpdatedAt") VALUES (@d,@s,@sec,@p,@r,@a,@t,@t)""",
            "d", "s", "sec", "p", "r", "a", "t"))
            foreach (var e in plan.EnrollmentsToCreate)
            {
                await insert.ExecuteAsync(ct, districtId, clever, sectionIds[e.SectionId], personIds[e.PersonId], (int)e.Role, true, now);
                Step();
            }
        await using (var reactivate = new PreparedStatement(connection, transaction,
            """UPDATE "Enrollments" SET "IsActive"=@a,"DeactivatedAt"=NULL,"UpdatedAt"=@t WHERE "Id"=@id""", "a", "t", "id"))
            foreach (var id in plan.EnrollmentsToReactivate) { await reactivate.ExecuteAsync(ct, true, now, id); Step(); }

        foreach (var (type, ids) in plan.Deactivations)
        {
            await using var deactivate = new PreparedStatement(connection, transaction,
                $"""UPDATE "{Table(type)}" SET "IsActive"=@a,"DeactivatedAt"=@t,"UpdatedAt"=@t WHERE "Id"=@id""", "a", "t", "id");
            foreach (var id in ids) { await deactivate.ExecuteAsync(ct, false, now, id); Step(); }
        }
        progress.Advanced(done);
        return;

        object? SchoolId(SectionRecord section) => section.SchoolId is { } id ? schoolIds[id] : null;
    }

    private static string Table(RosterEntityType type) => type switch
    {
        RosterEntityType.School => "Schools",
        RosterEntityType.Person => "People",
        RosterEntityType.Section => "Sections",
        _ => "Enrollments",
    };
}
