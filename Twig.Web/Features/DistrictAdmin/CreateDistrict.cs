using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Twig.Web.Data;
using Twig.Web.Domain;
using Twig.Web.Infrastructure;
using Twig.Web.Infrastructure.Messaging;

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
            RuleFor(c => c.Name).NotEmpty().MaximumLength(NewDistricts.NameLength);
            RuleFor(c => (string?)c.Slug).NotEmpty().NewDistrictSlug()
                .MustAsync(async (slug, ct) => !await db.Districts.AnyAsync(d => d.Slug == slug, ct))
                .WithMessage(c => NewDistricts.SlugTaken(c.Slug));
            RuleFor(c => c.Seats).LicensedSeats();
            RuleFor(c => c.Source).IsInEnum();
        }
    }

    public sealed class CommandHandler(TwigDb db, AuditTrail audit, TimeProvider clock) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command message, CancellationToken token)
        {
            var district = NewDistricts.Open(message.Name, message.Slug, message.Seats, message.Source, clock.GetUtcNow().UtcDateTime);
            db.Districts.Add(district);
            await db.SaveChangesAsync(token);
            audit.Record("district.created", district.Id, NewDistricts.AuditText(district, message.Seats));
            return new Result(district.Id, district.Slug);
        }
    }
}
