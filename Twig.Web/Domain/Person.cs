namespace Twig.Web.Domain;

/// <summary>
/// A student, teacher or administrator of a district. Only the fields Twig needs are stored:
/// no demographics, and no password from Clever (CSV people may have a hashed password).
/// </summary>
public class Person : RosteredRecord
{
    public string FirstName { get; set; } = "";
    public string? MiddleName { get; set; }
    public string LastName { get; set; } = "";
    public string? Email { get; set; }
    /// <summary>The e-mail's sign-in key (<see cref="SignInName.Key"/>), so sign-in matches addresses case-insensitively on every
    /// database.</summary>
    public string? NormalizedEmail { get; set; }
    public string? SisId { get; set; }
    public string? StateId { get; set; }
    public string? StudentNumber { get; set; }
    public string? Grade { get; set; }
    public PersonRoles Roles { get; set; }
    /// <summary>Hash of the Clever fields (school links included) last written; null for other sources and before a sync writes
    /// it.</summary>
    public long? RecordHash { get; set; }
    /// <summary>
    /// Hash of the users.csv fields (school links included) the last import wrote or confirmed unchanged; null for other sources
    /// and before an import writes it. An import compares a row to it instead of loading the person (see CsvRowHashes).
    /// </summary>
    public long? CsvRowHash { get; set; }

    public string? Username { get; set; }
    public string? NormalizedUsername { get; set; }
    public string? PasswordHash { get; set; }
    public int AccessFailedCount { get; set; }
    public DateTime? LockoutEnd { get; set; }
    /// <summary>Google's stable subject id, bound at the first Google sign-in.</summary>
    public string? GoogleSubject { get; set; }
    /// <summary>The person's normalized e-mail when <see cref="GoogleSubject"/> was bound: once the district changes the e-mail, the
    /// binding is void.</summary>
    public string? GoogleEmail { get; set; }
    public DateTime? LastSignInAt { get; set; }

    public List<PersonSchool> Schools { get; set; } = [];

    public string DisplayName => $"{FirstName} {LastName}";

    public bool HasRole(PersonRoles role) => (Roles & role) == role;

    /// <summary>Sets the e-mail and its sign-in key together (<see cref="SignInName"/>), so the two never disagree.</summary>
    public void SetEmail(string? email)
    {
        Email = SignInName.Clean(email);
        NormalizedEmail = SignInName.StoredKey(email);
    }

    /// <summary>Sets the username and its sign-in key together (<see cref="SignInName"/>), so the two never disagree.</summary>
    public void SetUsername(string? username)
    {
        Username = SignInName.Clean(username);
        NormalizedUsername = SignInName.StoredKey(username);
    }
}

public class PersonSchool
{
    public int PersonId { get; set; }
    public int SchoolId { get; set; }
    public School? School { get; set; }
}
