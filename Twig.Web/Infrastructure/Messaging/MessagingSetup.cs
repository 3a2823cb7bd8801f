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
            // Domain events (Domain/Events) reach their listeners one after another in the publisher's scope: they share
            // its TwigDb, which is not thread-safe, and so write into its transaction.
            options.NotificationPublisherType = typeof(ForeachAwaitPublisher);
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
