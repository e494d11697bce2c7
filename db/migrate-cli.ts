import { databasePath, openDatabase } from "./client";

const file = databasePath();
openDatabase(file).$client.close();
console.log(`Database ${file} is migrated.`);
