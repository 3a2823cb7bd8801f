using System.Linq.Expressions;

namespace Twig.Web.Domain;

/// <summary>
/// The licence's seat rule, stated once: a person takes one of the district's licensed student seats when they are active
/// and hold the student role, whatever other roles they hold and whichever source rosters them. Every count of used seats
/// asks this: in SQL through <see cref="Predicate"/>, and in the plans that forecast usage in memory through <see cref="Is"/>,
/// which is the same expression compiled, so the two cannot drift apart.
/// </summary>
public static class ActiveStudent
{
    /// <summary>The rule over the two facts it reads; <see cref="Predicate"/> and <see cref="Is"/> are both made from it.</summary>
    private static readonly Expression<Func<bool, PersonRoles, bool>> Rule =
        (isActive, roles) => isActive && (roles & PersonRoles.Student) == PersonRoles.Student;

    private static readonly Func<bool, PersonRoles, bool> Compiled = Rule.Compile();

    /// <summary>
    /// For queries, translated to SQL (also inside a projection's subquery):
    /// <c>db.People.Where(ActiveStudent.Predicate).CountAsync(p => p.DistrictId == id)</c>.
    /// </summary>
    public static readonly Expression<Func<Person, bool>> Predicate = OnPerson();

    /// <summary>For plans in memory: whether a person who is (or will be) <paramref name="isActive"/> with these roles takes a
    /// seat.</summary>
    public static bool Is(bool isActive, PersonRoles roles) => Compiled(isActive, roles);

    /// <summary>Whether these roles take a seat once the person is active (a record about to be created or kept active).</summary>
    public static bool Takes(PersonRoles roles) => Compiled(true, roles);

    /// <summary>The rule with its two parameters replaced by <c>p.IsActive</c> and <c>p.Roles</c>.</summary>
    private static Expression<Func<Person, bool>> OnPerson()
    {
        var person = Expression.Parameter(typeof(Person), "p");
        var body = new Substitute(new Dictionary<ParameterExpression, Expression>
        {
            [Rule.Parameters[0]] = Expression.Property(person, nameof(Person.IsActive)),
            [Rule.Parameters[1]] = Expression.Property(person, nameof(Person.Roles)),
        }).Visit(Rule.Body);
        return Expression.Lambda<Func<Person, bool>>(body, person);
    }

    private sealed class Substitute(Dictionary<ParameterExpression, Expression> replacements) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            replacements.TryGetValue(node, out var replacement) ? replacement : node;
    }
}
