namespace Twig.Sandbox.Generation;

/// <summary>
/// Real-world names, deliberately including diacritics, apostrophes, hyphens, particles and very long
/// names, because those are what break importers in practice.
/// </summary>
internal static class NameLists
{
    public static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Isabella", "Mateo",
        "Mia", "Lucas", "Charlotte", "Levi", "Ava", "Ezra", "Harper", "Asher", "Luna", "James",
        "José", "María", "Zoë", "Chloé", "Renée", "André", "Begoña", "Nuñez", "Søren", "Björn",
        "Anaïs", "Françoise", "Łukasz", "Małgorzata", "Jürgen", "Dvořák", "Ngọc", "Thảo", "Siobhán", "Seán",
        "Mary-Kate", "Jean-Luc", "Anne-Marie", "Ji-woo", "Hye-jin", "D'Andre", "De'Shawn", "Ja'Nae", "O'Neil", "Kai",
        "Aaliyah", "Mohammed", "Fatima", "Aarav", "Priya", "Wei", "Xiu", "Hiroshi", "Yuki", "Oluwaseun",
        "Chidi", "Ngozi", "Kwame", "Aroha", "Tane", "Inés", "Dolores", "Ángel", "Camille", "Maximilian-Alexander",
        "Wolfgang", "Bartholomew", "Guinevere", "Evangeline", "Christopher", "Alexandria", "Jo", "Al", "Ty", "Bo",
    ];

    public static readonly string[] MiddleNames =
    [
        "Ann", "Lee", "Marie", "James", "Rose", "José", "Grace", "Ray", "Lynn", "Jean", "Mae", "Elizabeth",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Núñez", "Muñoz", "Peña", "Ibáñez",
        "O'Brien", "O'Connor", "D'Angelo", "N'Diaye", "D'Souza", "O'Neill", "McDonald", "MacLeod", "St. John", "Fitzgerald",
        "Smith-Jones", "García-Márquez", "Lloyd-Webber", "Bonham-Carter", "Al-Hassan", "Ben-David", "Abu-Bakr", "Zeta-Jones", "Day-Lewis",
            "Ruiz-Tagle",
        "Nguyễn", "Trần", "Lê", "Phạm", "Kim", "Park", "Choi", "Wang", "Li", "Zhang",
        "Müller", "Schröder", "Größe", "Łukasiewicz", "Wiśniewski", "Dvořáková", "Øvergård", "Åkesson", "Kovačević", "Jovanović",
        "van der Berg", "de la Cruz", "von Trapp", "da Silva", "dos Santos", "del Río", "Le Blanc", "De Luca", "van 't Hof", "ter Horst",
        "Okafor", "Adeyemi", "Mensah", "Tanaka", "Suzuki", "Yamamoto", "Patel", "Sharma", "Singh", "Kaur",
        "Wolfeschlegelsteinhausenbergerdorff", "Papadopoulos", "Venkataraghavan", "Ng", "Wu", "Ek", "Oz", "Ly", "Yu", "Bo",
    ];

    public static readonly string[] SchoolNameStems =
    [
        "Lincoln", "Washington", "Roosevelt", "Jefferson", "Cesar Chavez", "Sojourner Truth", "Maple Grove",
        "Riverside", "Oak Hill", "Cedar Ridge", "Lakeview", "Sunnyvale", "Pioneer", "Mission", "Highland",
        "Mariposa", "Sequoia", "Harbor", "Willow Creek", "Eastside", "Juan Rodríguez Cabrillo", "Dolores Huerta",
    ];

    public static readonly string[] CourseSubjects =
    [
        "english/language arts", "math", "science", "social studies", "language", "homeroom/advisory",
        "interventions/online learning", "technology and engineering", "PE and health", "arts and music",
    ];

    public static readonly string[] CourseNames =
    [
        "English", "Mathematics", "Science", "Social Studies", "Spanish", "Homeroom",
        "Reading Intervention", "Engineering", "Physical Education", "Art",
    ];
}
