using FluentValidation;
using Mediator;

namespace Twig.Web.Infrastructure.Messaging;

public static class MessagingSetup
{
    public static IServiceCollection AddTwigMessaging(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(LoggingBehavior<,>),
                typeof(ValidationBehavior<,>),
                typeof(TransactionBehavior<,>),
            ];
        });
        PlainWords.Use();
        services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Scoped, includeInternalTypes: true);
        return services;
    }
}
