System.Console.WriteLine("hactl");
