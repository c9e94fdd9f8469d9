using HaCluster.Status;

namespace HaCluster.Tests.Operations;

public class HaproxyStatsTests
{
    // `show stat` on HAProxy 2.6 in the lab (rows cut to three proxies; one server stopped).
    private const string ShowStat = """
        # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime,agent_status,agent_code,agent_duration,check_desc,agent_desc,check_rise,check_fall,check_health,agent_rise,agent_fall,agent_health,addr,cookie,mode,algo,
        kube_api,FRONTEND,,,1,2,9974,64,39408,78018,0,0,0,,,,,OPEN,,,,,,,,,1,2,0,,,,0,1,0,3,,,,,,,,,,,0,0,0,,,0,0,0,0,,,,,,,,,,,,,,,,,,,,,tcp,,
        kube_api_controllers,10.99.3.13,0,0,0,1,,23,24000,46437,,0,,0,0,0,0,UP,1,1,0,1,1,71,53,,1,3,1,,23,,2,1,,2,L7OK,200,7,,,,,,,,,,,0,0,,,,,0,,,0,1,0,74,,,,Layer7 check passed,,2,2,3,,,,10.99.3.13:6443,,tcp,,
        kube_api_controllers,10.99.3.15,0,0,0,1,,8,6496,14450,,0,,0,0,0,0,DOWN,1,1,0,1,1,38,86,,1,3,3,,8,,2,0,,1,L4CON,,0,,,,,,,,,,,0,0,,,,,2,,,0,2,0,54,,,,Layer4 connection problem,,2,2,0,,,,10.99.3.15:6443,,tcp,,
        kube_api_controllers,BACKEND,0,0,1,2,998,64,39408,78018,0,0,,23,0,0,0,UP,3,3,0,,1,71,53,,1,3,0,,41,,1,1,,3,,,,,,,,,,,,,,0,0,0,0,0,0,0,,,0,1,0,63,,,,,,,,,,,,,,tcp,leastconn,
        konnectivity_controllers,10.99.3.13,0,0,0,0,,0,0,0,,0,,0,0,0,0,UP,1,1,0,1,1,71,53,,1,5,1,,0,,2,0,,0,L4OK,,0,,,,,,,,,,,0,0,,,,,-1,,,0,0,0,0,,,,Layer4 check passed,,2,2,3,,,,10.99.3.13:8132,,tcp,,

        """;

    [Fact]
    public void Servers_are_read_with_their_state_and_last_check_and_frontends_and_backends_left_out()
    {
        var servers = HaproxyStats.Parse(ShowStat);

        servers.Should().Equal(
            new BackendServer("kube_api_controllers", "10.99.3.13", "10.99.3.13:6443", "UP", "L7OK"),
            new BackendServer("kube_api_controllers", "10.99.3.15", "10.99.3.15:6443", "DOWN", "L4CON"),
            new BackendServer("konnectivity_controllers", "10.99.3.13", "10.99.3.13:8132", "UP", "L4OK"));
    }

    [Fact]
    public void Output_without_the_header_is_an_error_that_shows_what_came_instead()
    {
        var parse = () => HaproxyStats.Parse("Unknown command.\n");

        parse.Should().Throw<FormatException>().WithMessage("*Unknown command.*");
    }

    [Fact]
    public void The_socket_is_read_with_socat_and_its_path_travels_as_a_parameter()
    {
        var command = HaproxyStats.Command();

        command.Argv.Should().StartWith(["sh", "-c"]).And.EndWith("/run/haproxy/admin.sock");
        command.Argv[2].Should().Contain("socat").And.NotContain("/run/haproxy");
    }
}
