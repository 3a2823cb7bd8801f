using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Twig.Web.Domain;

namespace Twig.Web.Data.Configuration;

internal sealed class UsedSignInCodeConfiguration : IEntityTypeConfiguration<UsedSignInCode>
{
    public void Configure(EntityTypeBuilder<UsedSignInCode> code)
    {
        // The primary key is the insert-if-absent guard: of two instances recording one code at once, one insert fails.
        code.HasKey(c => c.CodeHash);
        code.Property(c => c.CodeHash).HasMaxLength(64).IsUnicode(false);
        code.HasIndex(c => c.SeenAt);
    }
}
