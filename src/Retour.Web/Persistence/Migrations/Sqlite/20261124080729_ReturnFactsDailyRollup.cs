using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReturnFactsDailyRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "ReturnFacts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ReturnFactsChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Sign = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RequestToRefundHours = table.Column<int>(type: "INTEGER", nullable: true),
                    ReceiptToRefundHours = table.Column<int>(type: "INTEGER", nullable: true),
                    RefundInTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    FeedbackRating = table.Column<int>(type: "INTEGER", nullable: true),
                    LabelCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    ReturnedValue = table.Column<long>(type: "INTEGER", nullable: false),
                    Refunded = table.Column<long>(type: "INTEGER", nullable: false),
                    StoreCredit = table.Column<long>(type: "INTEGER", nullable: false),
                    GiftCard = table.Column<long>(type: "INTEGER", nullable: false),
                    Exchange = table.Column<long>(type: "INTEGER", nullable: false),
                    RestockingFee = table.Column<long>(type: "INTEGER", nullable: false),
                    ReturnShippingFee = table.Column<long>(type: "INTEGER", nullable: false),
                    OutboundShipping = table.Column<long>(type: "INTEGER", nullable: false),
                    LabelCost = table.Column<long>(type: "INTEGER", nullable: false),
                    Restocked = table.Column<long>(type: "INTEGER", nullable: false),
                    Refurbished = table.Column<long>(type: "INTEGER", nullable: false),
                    Repaired = table.Column<long>(type: "INTEGER", nullable: false),
                    ReturnedToVendor = table.Column<long>(type: "INTEGER", nullable: false),
                    SecondHand = table.Column<long>(type: "INTEGER", nullable: false),
                    Recycled = table.Column<long>(type: "INTEGER", nullable: false),
                    Disposed = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReturnFactsChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReturnFactsDaily",
                columns: table => new
                {
                    Totals = table.Column<bool>(type: "INTEGER", nullable: false),
                    Monthly = table.Column<bool>(type: "INTEGER", nullable: false),
                    Day = table.Column<int>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Country = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Measure = table.Column<int>(type: "INTEGER", nullable: false),
                    Bucket = table.Column<int>(type: "INTEGER", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReturnFactsDaily", x => new { x.Totals, x.Monthly, x.Measure, x.Day, x.Currency, x.Channel, x.Country, x.Category, x.Reason, x.Bucket, x.Unit });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReturnFactsChanges");

            migrationBuilder.DropTable(
                name: "ReturnFactsDaily");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "ReturnFacts");
        }
    }
}
