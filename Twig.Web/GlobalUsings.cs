// Namespaces nearly every file of Twig.Web needs; the rest stay as usings in the files that need them.
global using System.Globalization;
global using Mediator;
global using Microsoft.EntityFrameworkCore;
global using Twig.Web.Data;
global using Twig.Web.Domain;
global using Twig.Web.Infrastructure.Security;
