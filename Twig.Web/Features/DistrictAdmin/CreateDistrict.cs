using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;

namespace Twig.Web.Features.DistrictAdmin;

/// <summary>A new district with an active subscription for the seats it bought.</summary>
public static class CreateDistrict
{
    /// <param name="Source">The roster source support chose; null leaves it to be inferred (Clever when connected, else Twig CSV).</param>
    public sealed record Command(string Name, string Slug, int Seats, RosterSource? Source = null) : ICommand<Result>;

    public sealed record Result(int DistrictId, string Slug);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TwigDb db)
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Slug).NotEmpty().MaximumLength(64)
                .Matches("^[a-z0-9][a-z0-9-]*$").WithMessage("The slug may hold only lower-case letters, digits and hyphens, starting with a letter or digit.")
                .MustAsync(async (slug, ct) => !await db.Districts.AnyAsync(d => d.Slug == slug, ct))
                .WithMessage(c => $"A district with the slug '{c.Slug}' already exists.");
            RuleFor(c => c.Seats).InclusiveBetween(0, 10_000_000);
            RuleFor(c => c.Source).IsInEnum();
        }
    }

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var district = new District
            {
                Name = message.Name.Trim(),
                Slug = District.NormalizeSlug(message.Slug),
                CreatedAt = now,
                RosterSource = message.Source,
                Subscription = new Subscription
                {
                    Status = SubscriptionStatus.Active,
                    LicensedStudentSeats = message.Seats,
                    StartsOn = DateOnly.FromDateTime(now),
                },
            };
            db.Districts.Add(district);
            await db.SaveChangesAsync(token);
            audit.Record("district.created", district.Id, $"Name '{district.Name}', slug '{district.Slug}', {message.Seats} seats" + (message.Source is { } source ? $", rostered from {source.Describe()}" : ""));
            return new Result(district.Id, district.Slug);
        }
    }
}
