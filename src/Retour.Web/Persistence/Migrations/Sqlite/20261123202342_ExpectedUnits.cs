using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExpectedUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ExpectedUnits",
                table: "Returns",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Returns already partly received keep their place in the queues.
            migrationBuilder.Sql("""UPDATE "Returns" SET "ExpectedUnits" = COALESCE((SELECT SUM(MAX(0, l."ApprovedQuantity" - l."ReceivedQuantity")) FROM "ReturnLine" l WHERE l."ReturnCaseId" = "Returns"."Id"), 0)""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ExpectedUnits",
                table: "Returns");
        }
    }
}
